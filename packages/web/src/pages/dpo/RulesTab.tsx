import { Badge, Button, Card, Group, Modal, MultiSelect, SegmentedControl, Select, Stack, Switch, Table, Text, Textarea, TextInput } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Session } from '../../api/types';
import { formErrors, notifyError, notifySuccess } from '../../components/feedback';
import { ErrorState, LoadingState } from '../../components/States';
import { CHANNEL_TYPES, dpoKeys, ENTITY_TYPES, SENSITIVE_CATEGORIES, SEVERITIES, SEVERITY_COLOR, type WatchRule } from './api';

type Draft = Omit<WatchRule, 'id' | 'pack'> & { id?: string };
const blank: Draft = { name: '', description: '', kind: 'terms', terms: [], pattern: '', piiTypes: [], sensitiveFlags: [], directions: [], channelTypes: [], teams: [], severity: 'high', enabled: true };

const body = (d: Draft) => ({
  name: d.name,
  description: d.description,
  kind: d.kind,
  terms: d.kind === 'terms' ? d.terms : [],
  pattern: d.kind === 'regex' ? d.pattern : null,
  piiTypes: d.kind === 'pii' ? d.piiTypes : [],
  sensitiveFlags: d.kind === 'pii' ? d.sensitiveFlags : [],
  directions: d.directions,
  channelTypes: d.channelTypes,
  teams: d.teams,
  severity: d.severity,
  enabled: d.enabled,
});

/** Every watch rule (seeded packs and custom), with an editor and a test box. */
export function RulesTab({ session }: { session: Session }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const canManage = session.permissions.includes('rules:manage');
  const rules = useQuery({ queryKey: dpoKeys.rules, queryFn: () => api<{ items: WatchRule[] }>('/api/v1/monitoring/rules') });
  const [editing, setEditing] = useState<Draft | null>(null);
  const toggle = useMutation({
    mutationFn: (r: WatchRule) => api(`/api/v1/monitoring/rules/${r.id}`, { method: 'PUT', body: body({ ...r, enabled: !r.enabled }) }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: dpoKeys.all }),
    onError: (err) => notifyError(t, err),
  });
  if (rules.isPending) return <LoadingState />;
  if (rules.isError) return <ErrorState error={rules.error} onRetry={() => void rules.refetch()} />;
  return (
    <>
      <Group justify="space-between" mb="sm">
        <Text size="sm" c="dimmed">
          {canManage ? '' : t('dpo.rules.readOnly')}
        </Text>
        {canManage ? (
          <Button size="sm" leftSection={<IconPlus size={16} />} onClick={() => setEditing({ ...blank })} data-testid="dpo-rule-new">
            {t('dpo.rules.new')}
          </Button>
        ) : null}
      </Group>
      <Card withBorder radius="md" p={0}>
        <Table data-testid="dpo-rule-list">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('dpo.rules.name')}</Table.Th>
              <Table.Th>{t('dpo.rules.kind')}</Table.Th>
              <Table.Th>{t('dpo.rules.severity')}</Table.Th>
              <Table.Th>{t('dpo.rules.enabled')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rules.data.items.map((r) => (
              <Table.Tr key={r.id} style={{ cursor: canManage ? 'pointer' : undefined }} onClick={() => canManage && setEditing({ ...r, pattern: r.pattern ?? '' })}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {r.name}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {r.pack ? `${t('dpo.rules.pack')}: ${r.pack}` : t('dpo.rules.custom')}
                    {r.directions.length === 1 ? ` · ${t(`dpo.direction.${r.directions[0]}`)}` : ''}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{t(`dpo.rules.kinds.${r.kind}`)}</Text>
                  <Text size="xs" c="dimmed" lineClamp={1}>
                    {r.kind === 'terms' ? t('dpo.rules.termsCount', { count: r.terms.length }) : r.kind === 'regex' ? r.pattern : [...r.piiTypes, ...r.sensitiveFlags].join(', ')}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Badge color={SEVERITY_COLOR[r.severity]} size="sm">
                    {t(`dpo.severity.${r.severity}`)}
                  </Badge>
                </Table.Td>
                <Table.Td onClick={(e) => e.stopPropagation()}>
                  <Switch checked={r.enabled} disabled={!canManage} onChange={() => toggle.mutate(r)} aria-label={t('dpo.rules.enabled')} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Card>
      {editing ? <RuleEditor draft={editing} onClose={() => setEditing(null)} /> : null}
    </>
  );
}

function RuleEditor({ draft: initial, onClose }: { draft: Draft; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [d, setD] = useState<Draft>(initial);
  const [termsText, setTermsText] = useState(initial.terms.join('\n'));
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [sample, setSample] = useState('');
  const [sampleDirection, setSampleDirection] = useState<'inbound' | 'outbound'>('inbound');
  const current = (): Draft => ({ ...d, terms: termsText.split('\n').map((s) => s.trim()).filter(Boolean) });
  const fields = ['name', 'terms', 'pattern', 'piiTypes', 'severity'] as const;
  const save = useMutation({
    mutationFn: () => api(d.id ? `/api/v1/monitoring/rules/${d.id}` : '/api/v1/monitoring/rules', { method: d.id ? 'PUT' : 'POST', body: body(current()) }),
    onSuccess: () => {
      notifySuccess(t('dpo.rules.saved'));
      void queryClient.invalidateQueries({ queryKey: dpoKeys.all });
      onClose();
    },
    onError: (err) => setErrors(formErrors(t, err, fields)),
  });
  const remove = useMutation({
    mutationFn: () => api(`/api/v1/monitoring/rules/${d.id}`, { method: 'DELETE' }),
    onSuccess: () => {
      notifySuccess(t('dpo.rules.deleted'));
      void queryClient.invalidateQueries({ queryKey: dpoKeys.all });
      onClose();
    },
    onError: (err) => notifyError(t, err),
  });
  const test = useMutation({
    mutationFn: () =>
      api<{ matches: boolean; matched: string[]; masked: string }>('/api/v1/monitoring/rules/test', { method: 'POST', body: { rule: body(current()), text: sample, direction: sampleDirection } }),
    onError: (err) => setErrors(formErrors(t, err, fields)),
  });
  return (
    <Modal opened onClose={onClose} title={d.id ? t('dpo.rules.edit') : t('dpo.rules.new')} size="lg">
      <Stack gap="sm">
        <TextInput label={t('dpo.rules.name')} value={d.name} onChange={(e) => setD({ ...d, name: e.currentTarget.value })} error={errors.name} data-testid="dpo-rule-name" />
        <TextInput label={t('dpo.rules.descriptionField')} value={d.description} onChange={(e) => setD({ ...d, description: e.currentTarget.value })} />
        <SegmentedControl value={d.kind} onChange={(v) => setD({ ...d, kind: v as Draft['kind'] })} data={(['terms', 'regex', 'pii'] as const).map((k) => ({ value: k, label: t(`dpo.rules.kinds.${k}`) }))} />
        {d.kind === 'terms' ? (
          <Textarea label={t('dpo.rules.terms')} description={t('dpo.rules.termsHelp')} autosize minRows={4} maxRows={12} value={termsText} onChange={(e) => setTermsText(e.currentTarget.value)} error={errors.terms} data-testid="dpo-rule-terms" />
        ) : d.kind === 'regex' ? (
          <TextInput label={t('dpo.rules.pattern')} description={t('dpo.rules.patternHelp')} ff="monospace" value={d.pattern ?? ''} onChange={(e) => setD({ ...d, pattern: e.currentTarget.value })} error={errors.pattern} data-testid="dpo-rule-pattern" />
        ) : (
          <>
            <MultiSelect label={t('dpo.rules.piiTypes')} data={ENTITY_TYPES} value={d.piiTypes} onChange={(v) => setD({ ...d, piiTypes: v })} error={errors.piiTypes} searchable />
            <MultiSelect label={t('dpo.rules.sensitiveFlags')} data={SENSITIVE_CATEGORIES} value={d.sensitiveFlags} onChange={(v) => setD({ ...d, sensitiveFlags: v })} />
          </>
        )}
        <Group grow>
          <Select
            label={t('dpo.rules.directions')}
            value={d.directions.length === 1 ? d.directions[0]! : 'both'}
            onChange={(v) => setD({ ...d, directions: !v || v === 'both' ? [] : [v] })}
            data={[
              { value: 'both', label: t('dpo.rules.anyDirection') },
              { value: 'inbound', label: t('dpo.direction.inbound') },
              { value: 'outbound', label: t('dpo.direction.outbound') },
            ]}
          />
          <Select label={t('dpo.rules.severity')} value={d.severity} onChange={(v) => v && setD({ ...d, severity: v as Draft['severity'] })} data={SEVERITIES.map((s) => ({ value: s, label: t(`dpo.severity.${s}`) }))} error={errors.severity} />
        </Group>
        <MultiSelect label={t('dpo.rules.channels')} placeholder={t('dpo.rules.anyChannel')} data={CHANNEL_TYPES} value={d.channelTypes} onChange={(v) => setD({ ...d, channelTypes: v })} />
        <TextInput label={t('dpo.rules.teams')} value={d.teams.join(', ')} onChange={(e) => setD({ ...d, teams: e.currentTarget.value.split(',').map((s) => s.trim()).filter(Boolean) })} />
        <Switch label={t('dpo.rules.enabled')} checked={d.enabled} onChange={(e) => setD({ ...d, enabled: e.currentTarget.checked })} />
        {errors.form ? (
          <Text c="red" size="sm">
            {errors.form}
          </Text>
        ) : null}

        <Card withBorder radius="md" bg="var(--mantine-color-gray-0)" data-testid="dpo-rule-test">
          <Text fw={600} size="sm" mb="xs">
            {t('dpo.rules.test')}
          </Text>
          <Textarea autosize minRows={2} label={t('dpo.rules.testText')} value={sample} onChange={(e) => setSample(e.currentTarget.value)} data-testid="dpo-rule-test-text" />
          <Group mt="xs" justify="space-between">
            <SegmentedControl
              size="xs"
              value={sampleDirection}
              onChange={(v) => setSampleDirection(v as 'inbound' | 'outbound')}
              data={[
                { value: 'inbound', label: t('dpo.direction.inbound') },
                { value: 'outbound', label: t('dpo.direction.outbound') },
              ]}
              aria-label={t('dpo.rules.testDirection')}
            />
            <Button size="xs" variant="light" disabled={!sample.trim()} onClick={() => test.mutate()} loading={test.isPending} data-testid="dpo-rule-test-run">
              {t('dpo.rules.testRun')}
            </Button>
          </Group>
          {test.data ? (
            <Stack gap={4} mt="xs" data-testid="dpo-rule-test-result" data-matches={String(test.data.matches)}>
              <Badge color={test.data.matches ? 'orange' : 'gray'}>
                {test.data.matches ? t('dpo.rules.testMatch') : t('dpo.rules.testNoMatch')}
                {test.data.matched.length ? `: ${test.data.matched.join(', ')}` : ''}
              </Badge>
              <Text size="xs" c="dimmed">
                {t('dpo.rules.testMasked')}
              </Text>
              <Text size="sm">{test.data.masked}</Text>
            </Stack>
          ) : null}
        </Card>

        <Group justify="space-between">
          {d.id ? (
            <Button variant="subtle" color="red" onClick={() => remove.mutate()} loading={remove.isPending}>
              {t('dpo.rules.delete')}
            </Button>
          ) : (
            <span />
          )}
          <Button onClick={() => save.mutate()} loading={save.isPending} data-testid="dpo-rule-save">
            {t('dpo.rules.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
