import { Alert, Badge, Button, Card, Checkbox, Group, Modal, MultiSelect, NumberInput, Select, Stack, Switch, Table, Tabs, Text, TextInput, Textarea } from '@mantine/core';
import { IconPencil, IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { formErrors, notifySuccess } from '../../components/feedback';
import { ErrorState, LoadingState } from '../../components/States';
import { consentKeys, LANGS, LEGAL_BASES, PURPOSE_CHANNELS, purposeName, type Lang, type Purpose } from './types';

type Draft = Omit<Purpose, 'id' | 'lgpdArticle' | 'gdprArticle' | 'requiresConsent' | 'updatedAt'>;

const empty: Draft = {
  key: '',
  dataUse: '',
  names: { 'pt-BR': '', es: '', en: '' },
  descriptions: { 'pt-BR': '', es: '', en: '' },
  dataCategories: [],
  legalBasis: 'consent',
  sensitive: false,
  basisNote: '',
  retentionDays: null,
  retentionNote: '',
  recipients: [],
  internationalTransfer: false,
  transferMechanism: '',
  channels: [],
  consentValidityDays: null,
  active: true,
};

function toDraft(p: Purpose): Draft {
  const { id: _i, lgpdArticle: _l, gdprArticle: _g, requiresConsent: _r, updatedAt: _u, ...rest } = p;
  return rest;
}

const FIELDS = ['key', 'dataUse', 'legalBasis', 'basisNote', 'transferMechanism', 'retentionDays', 'consentValidityDays', 'names', 'descriptions', 'recipients', 'dataCategories'] as const;

function PurposeForm({ initial, editing, onDone }: { initial: Draft; editing: string | null; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>(initial);
  const [recipients, setRecipients] = useState(initial.recipients.map((r) => `${r.name}; ${r.country}; ${r.role}`).join('\n'));
  const [errors, setErrors] = useState<Partial<Record<(typeof FIELDS)[number] | 'form', string>>>({});
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  const save = useMutation({
    mutationFn: () => {
      const body = {
        ...draft,
        recipients: recipients
          .split('\n')
          .map((line) => line.split(';').map((s) => s.trim()))
          .filter((parts) => parts[0])
          .map(([name, country, role]) => ({ name: name!, country: (country ?? '').toUpperCase(), role: role || 'processor' })),
      };
      return editing ? api<Purpose>(`/api/v1/consent/purposes/${editing}`, { method: 'PUT', body }) : api<Purpose>('/api/v1/consent/purposes', { method: 'POST', body });
    },
    onSuccess: () => {
      notifySuccess(t('consent.purposes.saved'));
      void queryClient.invalidateQueries({ queryKey: ['consent'] });
      onDone();
    },
    onError: (err) => setErrors(formErrors(t, err, FIELDS)),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    save.mutate();
  };

  return (
    <form onSubmit={submit} data-testid="purpose-form">
      <Stack gap="sm">
        {errors.form ? <Alert color="red">{errors.form}</Alert> : null}
        <Group grow align="flex-start">
          <TextInput label={t('consent.purposes.key')} description={t('consent.purposes.keyHelp')} value={draft.key} onChange={(e) => set('key', e.currentTarget.value)} error={errors.key} disabled={!!editing} required />
          <TextInput label={t('consent.purposes.dataUse')} value={draft.dataUse} onChange={(e) => set('dataUse', e.currentTarget.value)} error={errors.dataUse} placeholder="marketing.communications.email" required />
        </Group>
        <Tabs defaultValue="pt-BR">
          <Tabs.List>
            {LANGS.map((l) => (
              <Tabs.Tab key={l} value={l}>
                {l}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          {LANGS.map((l: Lang) => (
            <Tabs.Panel key={l} value={l} pt="xs">
              <Stack gap="xs">
                <TextInput label={`${t('consent.purposes.name')} (${l})`} value={draft.names[l]} onChange={(e) => set('names', { ...draft.names, [l]: e.currentTarget.value })} error={errors.names} required />
                <Textarea label={`${t('consent.purposes.descriptionLabel')} (${l})`} value={draft.descriptions[l]} onChange={(e) => set('descriptions', { ...draft.descriptions, [l]: e.currentTarget.value })} error={errors.descriptions} autosize minRows={2} required />
              </Stack>
            </Tabs.Panel>
          ))}
        </Tabs>
        <Group grow align="flex-start">
          <Select
            label={t('consent.purposes.legalBasis')}
            data={LEGAL_BASES.map((b) => ({ value: b, label: t(`consent.basis.${b}`) }))}
            value={draft.legalBasis}
            onChange={(v) => v && set('legalBasis', v as Draft['legalBasis'])}
            error={errors.legalBasis}
            allowDeselect={false}
            data-testid="purpose-basis"
          />
          <Checkbox mt={30} label={t('consent.purposes.sensitive')} checked={draft.sensitive} onChange={(e) => set('sensitive', e.currentTarget.checked)} />
        </Group>
        <Textarea label={t('consent.purposes.basisNote')} description={t('consent.purposes.basisNoteHelp')} value={draft.basisNote} onChange={(e) => set('basisNote', e.currentTarget.value)} error={errors.basisNote} autosize minRows={2} />
        <TextInput
          label={t('consent.purposes.categories')}
          description={t('consent.purposes.categoriesHelp')}
          value={draft.dataCategories.join(', ')}
          onChange={(e) => set('dataCategories', e.currentTarget.value.split(',').map((s) => s.trim()).filter(Boolean))}
          error={errors.dataCategories}
        />
        <Group grow align="flex-start">
          <NumberInput label={t('consent.purposes.retentionDays')} value={draft.retentionDays ?? ''} onChange={(v) => set('retentionDays', typeof v === 'number' ? v : null)} min={1} error={errors.retentionDays} />
          <TextInput label={t('consent.purposes.retentionNote')} value={draft.retentionNote} onChange={(e) => set('retentionNote', e.currentTarget.value)} />
        </Group>
        <Textarea label={t('consent.purposes.recipients')} description={t('consent.purposes.recipientsHelp')} value={recipients} onChange={(e) => setRecipients(e.currentTarget.value)} error={errors.recipients} autosize minRows={2} />
        <Group grow align="flex-start">
          <Switch mt="md" label={t('consent.purposes.transfer')} checked={draft.internationalTransfer} onChange={(e) => set('internationalTransfer', e.currentTarget.checked)} />
          <TextInput label={t('consent.purposes.transferMechanism')} value={draft.transferMechanism} onChange={(e) => set('transferMechanism', e.currentTarget.value)} error={errors.transferMechanism} disabled={!draft.internationalTransfer} />
        </Group>
        {draft.legalBasis === 'consent' ? (
          <Group grow align="flex-start">
            <MultiSelect label={t('consent.purposes.channels')} data={[...PURPOSE_CHANNELS]} value={draft.channels} onChange={(v) => set('channels', v)} />
            <NumberInput
              label={t('consent.purposes.validity')}
              description={t('consent.purposes.validityHelp')}
              value={draft.consentValidityDays ?? ''}
              onChange={(v) => set('consentValidityDays', typeof v === 'number' ? v : null)}
              min={1}
              error={errors.consentValidityDays}
            />
          </Group>
        ) : null}
        {editing ? <Switch label={t('consent.purposes.active')} checked={draft.active} onChange={(e) => set('active', e.currentTarget.checked)} /> : null}
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending} data-testid="purpose-save">
            {t('consent.purposes.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function PurposesTab({ canManage }: { canManage: boolean }) {
  const { t, i18n } = useTranslation();
  const purposes = useQuery({ queryKey: consentKeys.purposes, queryFn: () => api<{ items: Purpose[] }>('/api/v1/consent/purposes') });
  const [editing, setEditing] = useState<{ id: string | null; draft: Draft } | null>(null);

  if (purposes.isPending) return <LoadingState />;
  if (purposes.isError) return <ErrorState error={purposes.error} onRetry={() => void purposes.refetch()} />;

  return (
    <Stack gap="md">
      {canManage ? (
        <Group justify="flex-end">
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing({ id: null, draft: empty })} data-testid="purpose-add">
            {t('consent.purposes.add')}
          </Button>
        </Group>
      ) : null}
      <Card withBorder radius="md" p={0}>
        <Table verticalSpacing="sm" data-testid="purposes-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('consent.purposes.columns.purpose')}</Table.Th>
              <Table.Th>{t('consent.purposes.columns.basis')}</Table.Th>
              <Table.Th>{t('consent.purposes.columns.articles')}</Table.Th>
              <Table.Th>{t('consent.purposes.columns.retention')}</Table.Th>
              <Table.Th>{t('consent.purposes.columns.channels')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {purposes.data.items.map((p) => (
              <Table.Tr key={p.id} data-testid="purpose-row" data-key={p.key} style={{ opacity: p.active ? 1 : 0.55 }}>
                <Table.Td>
                  <Text fw={600} size="sm">
                    {purposeName(p, i18n.language)}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {p.key} · {p.dataUse}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    <Badge variant="light" color={p.requiresConsent ? 'grape' : 'blue'} tt="none">
                      {t(`consent.basis.${p.legalBasis}`)}
                    </Badge>
                    {p.sensitive ? (
                      <Badge variant="outline" color="red" tt="none">
                        Art. 11 / 9
                      </Badge>
                    ) : null}
                    {!p.active ? (
                      <Badge variant="outline" color="gray" tt="none">
                        {t('consent.purposes.retired')}
                      </Badge>
                    ) : null}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Text size="xs">LGPD {p.lgpdArticle}</Text>
                  <Text size="xs">GDPR {p.gdprArticle}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{p.retentionNote || (p.retentionDays ? t('consent.purposes.days', { n: p.retentionDays }) : t('consent.purposes.until'))}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{p.channels.join(', ') || '—'}</Text>
                </Table.Td>
                <Table.Td>
                  {canManage ? (
                    <Button size="compact-sm" variant="subtle" leftSection={<IconPencil size={14} />} onClick={() => setEditing({ id: p.id, draft: toDraft(p) })} aria-label={`${t('consent.purposes.edit')}: ${p.key}`}>
                      {t('consent.purposes.edit')}
                    </Button>
                  ) : null}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Card>
      <Modal opened={!!editing} onClose={() => setEditing(null)} title={editing?.id ? t('consent.purposes.edit') : t('consent.purposes.add')} size="xl">
        {editing ? <PurposeForm key={editing.id ?? 'new'} initial={editing.draft} editing={editing.id} onDone={() => setEditing(null)} /> : null}
      </Modal>
    </Stack>
  );
}
