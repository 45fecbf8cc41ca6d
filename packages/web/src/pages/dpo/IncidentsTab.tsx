import { Badge, Button, Card, Checkbox, Grid, Group, Modal, NumberInput, Paper, SegmentedControl, Select, Stack, Table, Tabs, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Session } from '../../api/types';
import { formErrors, notifyError, notifySuccess } from '../../components/feedback';
import { formatDateTime, fromNow } from '../../components/format';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { navigate, useSearchParam, withSearchParam } from '../../router';
import { CLOCK_COLOR, dpoKeys, type Incident } from './api';

function ClockBadges({ incident }: { incident: Incident }) {
  const { t, i18n } = useTranslation();
  return (
    <Group gap={4}>
      {incident.clocks.map((c) => (
        <Badge key={c.clock} size="sm" variant="light" color={CLOCK_COLOR[c.state]} title={`${c.basis} — ${formatDateTime(c.deadline, i18n.language)}`} data-testid={`clock-${c.clock}`} data-state={c.state}>
          {t(`dpo.incidents.clock.${c.clock}`)}: {t(`dpo.incidents.clockState.${c.state}`)}
        </Badge>
      ))}
    </Group>
  );
}

/** The incident register: list with clocks, a form to register one, and the selected incident. */
export function IncidentsTab({ session, poll }: { session: Session; poll: number | false }) {
  const { t, i18n } = useTranslation();
  const selected = useSearchParam('incident');
  const [creating, setCreating] = useState(false);
  const canManage = session.permissions.includes('incidents:manage');
  const incidents = useQuery({ queryKey: dpoKeys.incidents, queryFn: () => api<{ items: Incident[] }>('/api/v1/incidents?limit=200'), refetchInterval: poll });
  return (
    <Grid gutter="md">
      <Grid.Col span={{ base: 12, lg: 5 }}>
        <Group justify="flex-end" mb="sm">
          {canManage ? (
            <Button size="sm" leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)} data-testid="dpo-incident-new">
              {t('dpo.incidents.new')}
            </Button>
          ) : null}
        </Group>
        {incidents.isPending ? (
          <LoadingState />
        ) : incidents.isError ? (
          <ErrorState error={incidents.error} onRetry={() => void incidents.refetch()} />
        ) : incidents.data.items.length === 0 ? (
          <EmptyState title={t('dpo.incidents.empty')} />
        ) : (
          <Paper withBorder radius="md">
            <Table highlightOnHover data-testid="dpo-incident-list">
              <Table.Tbody>
                {incidents.data.items.map((i) => (
                  <Table.Tr key={i.id} onClick={() => navigate(withSearchParam('incident', i.id))} style={{ cursor: 'pointer' }} bg={i.id === selected ? 'var(--mantine-color-blue-light)' : undefined}>
                    <Table.Td w={50}>
                      <Text size="sm" c="dimmed">
                        {i.ref}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {i.title}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {t(`dpo.incidents.statuses.${i.status}`)} · {fromNow(i.knownAt, i18n.language)}
                      </Text>
                      <ClockBadges incident={i} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
        )}
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 7 }}>
        {selected ? (
          <IncidentDetail id={selected} canManage={canManage} />
        ) : (
          <Text c="dimmed" size="sm" mt="xl" ta="center">
            {t('dpo.incidents.select')}
          </Text>
        )}
      </Grid.Col>
      {creating ? <CreateIncident onClose={() => setCreating(false)} /> : null}
    </Grid>
  );
}

function CreateIncident({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [knownAt, setKnownAt] = useState(() => new Date(Date.now() - new Date().getTimezoneOffset() * 60_000).toISOString().slice(0, 16));
  const [jurisdictions, setJurisdictions] = useState<string[]>(['anpd']);
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const create = useMutation({
    mutationFn: () => api<Incident>('/api/v1/incidents', { method: 'POST', body: { title, description, knownAt: new Date(knownAt).toISOString(), jurisdictions } }),
    onSuccess: (i) => {
      notifySuccess(t('dpo.incidents.saved'));
      void queryClient.invalidateQueries({ queryKey: dpoKeys.all });
      navigate(withSearchParam('incident', i.id));
      onClose();
    },
    onError: (err) => setErrors(formErrors(t, err, ['title', 'knownAt', 'jurisdictions'] as const)),
  });
  return (
    <Modal opened onClose={onClose} title={t('dpo.incidents.new')}>
      <Stack>
        <TextInput label={t('dpo.incidents.titleField')} value={title} onChange={(e) => setTitle(e.currentTarget.value)} error={errors.title} data-testid="dpo-incident-title" />
        <Textarea label={t('dpo.incidents.descriptionField')} autosize minRows={3} value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
        <TextInput type="datetime-local" label={t('dpo.incidents.knownAt')} value={knownAt} onChange={(e) => setKnownAt(e.currentTarget.value)} error={errors.knownAt} />
        <Checkbox.Group label={t('dpo.incidents.jurisdictions')} value={jurisdictions} onChange={setJurisdictions} error={errors.jurisdictions}>
          <Group mt={4}>
            <Checkbox value="anpd" label={t('dpo.incidents.anpd')} />
            <Checkbox value="gdpr" label={t('dpo.incidents.gdpr')} />
          </Group>
        </Checkbox.Group>
        {errors.form ? <Text c="red" size="sm">{errors.form}</Text> : null}
        <Group justify="flex-end">
          <Button onClick={() => create.mutate()} loading={create.isPending} data-testid="dpo-incident-create">
            {t('dpo.incidents.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

const list = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean);

function IncidentDetail({ id, canManage }: { id: string; canManage: boolean }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const incident = useQuery({ queryKey: dpoKeys.incident(id), queryFn: () => api<Incident>(`/api/v1/incidents/${id}`) });
  const [edit, setEdit] = useState<Partial<Incident> | null>(null);
  const update = useMutation({
    mutationFn: (body: Record<string, unknown>) => api<Incident>(`/api/v1/incidents/${id}`, { method: 'PATCH', body }),
    onSuccess: () => {
      notifySuccess(t('dpo.incidents.saved'));
      setEdit(null);
      void queryClient.invalidateQueries({ queryKey: dpoKeys.all });
    },
    onError: (err) => notifyError(t, err),
  });
  if (incident.isPending) return <LoadingState />;
  if (incident.isError) return <ErrorState error={incident.error} onRetry={() => void incident.refetch()} />;
  const i = incident.data;
  const e = { ...i, ...edit };
  const set = (patch: Partial<Incident>) => setEdit({ ...edit, ...patch });
  const notifiedField = { anpd: 'anpdNotifiedAt', anpd_subjects: 'subjectsNotifiedAt', gdpr: 'gdprNotifiedAt' } as const;
  return (
    <Card withBorder radius="md" data-testid="dpo-incident-detail">
      <Group justify="space-between" align="flex-start">
        <div>
          <Text size="xs" c="dimmed">
            {t('dpo.incidents.ref')} {i.ref} · {t('dpo.incidents.knownAt')}: {formatDateTime(i.knownAt, i18n.language)}
          </Text>
          <Title order={4}>{i.title}</Title>
        </div>
        <Badge>{t(`dpo.incidents.statuses.${i.status}`)}</Badge>
      </Group>
      <Text fw={600} size="sm" mt="md" mb={4}>
        {t('dpo.incidents.clocks')}
      </Text>
      <Stack gap={4} data-testid="dpo-incident-clocks">
        {i.clocks.map((c) => (
          <Group key={c.clock} justify="space-between">
            <div>
              <Badge color={CLOCK_COLOR[c.state]} variant="light">
                {t(`dpo.incidents.clock.${c.clock}`)}: {t(`dpo.incidents.clockState.${c.state}`)}
              </Badge>
              <Text size="xs" c="dimmed">
                {c.basis} · {t('dpo.incidents.deadline')} {formatDateTime(c.deadline, i18n.language)} ({fromNow(c.deadline, i18n.language)})
              </Text>
            </div>
            {canManage && !c.doneAt && c.state !== 'not_required' ? (
              <Button size="compact-xs" variant="default" onClick={() => update.mutate({ [notifiedField[c.clock]]: new Date().toISOString() })}>
                {t('dpo.incidents.markNotified')}
              </Button>
            ) : null}
          </Group>
        ))}
      </Stack>

      <Tabs defaultValue="record" mt="md" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="record">{t('dpo.incidents.risk')}</Tabs.Tab>
          <Tabs.Tab value="drafts">{t('dpo.incidents.drafts')}</Tabs.Tab>
          <Tabs.Tab value="subjects">{t('dpo.incidents.subjects')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="record" pt="sm">
          <Stack gap="xs">
            <Textarea label={t('dpo.incidents.descriptionField')} autosize minRows={2} value={e.description} readOnly={!canManage} onChange={(x) => set({ description: x.currentTarget.value })} />
            <Checkbox.Group label={t('dpo.incidents.nature')} value={e.nature} onChange={(v) => canManage && set({ nature: v })}>
              <Group mt={4}>
                {(['confidentiality', 'integrity', 'availability'] as const).map((n) => (
                  <Checkbox key={n} value={n} label={t(`dpo.incidents.natures.${n}`)} />
                ))}
              </Group>
            </Checkbox.Group>
            <TextInput label={t('dpo.incidents.dataCategories')} value={e.dataCategories.join(', ')} readOnly={!canManage} onChange={(x) => set({ dataCategories: list(x.currentTarget.value) })} />
            <TextInput label={t('dpo.incidents.subjectCategories')} value={e.subjectCategories.join(', ')} readOnly={!canManage} onChange={(x) => set({ subjectCategories: list(x.currentTarget.value) })} />
            <Group grow>
              <NumberInput label={t('dpo.incidents.approxSubjects')} value={e.approxSubjects ?? ''} min={0} readOnly={!canManage} onChange={(v) => set({ approxSubjects: v === '' ? null : Number(v) })} />
              <NumberInput label={t('dpo.incidents.approxRecords')} value={e.approxRecords ?? ''} min={0} readOnly={!canManage} onChange={(v) => set({ approxRecords: v === '' ? null : Number(v) })} />
            </Group>
            <Textarea label={t('dpo.incidents.consequences')} autosize value={e.likelyConsequences} readOnly={!canManage} onChange={(x) => set({ likelyConsequences: x.currentTarget.value })} />
            <Textarea label={t('dpo.incidents.measures')} autosize value={e.measuresTaken} readOnly={!canManage} onChange={(x) => set({ measuresTaken: x.currentTarget.value })} />
            <Group grow>
              <Select label={t('dpo.incidents.risk')} clearable value={e.riskLevel} readOnly={!canManage} onChange={(v) => set({ riskLevel: v })} data={['low', 'medium', 'high'].map((r) => ({ value: r, label: t(`dpo.severity.${r}`) }))} />
              <Select
                label={t('dpo.incidents.notificationRequired')}
                value={e.notificationRequired === null ? 'undecided' : e.notificationRequired ? 'yes' : 'no'}
                readOnly={!canManage}
                onChange={(v) => set({ notificationRequired: v === 'yes' ? true : v === 'no' ? false : null })}
                data={['undecided', 'yes', 'no'].map((v) => ({ value: v, label: t(`dpo.incidents.${v}`) }))}
              />
              <Select label={t('dpo.incidents.status')} value={e.status} readOnly={!canManage} onChange={(v) => v && set({ status: v as Incident['status'] })} data={['open', 'contained', 'closed'].map((s) => ({ value: s, label: t(`dpo.incidents.statuses.${s}`) }))} />
            </Group>
            <Textarea label={t('dpo.incidents.riskReasoning')} autosize value={e.riskReasoning} readOnly={!canManage} onChange={(x) => set({ riskReasoning: x.currentTarget.value })} />
            <Textarea label={t('dpo.incidents.delayReasons')} autosize value={e.delayReasons} readOnly={!canManage} onChange={(x) => set({ delayReasons: x.currentTarget.value })} />
            <Checkbox label={t('dpo.incidents.smallAgent')} checked={e.smallProcessingAgent} disabled={!canManage} onChange={(x) => set({ smallProcessingAgent: x.currentTarget.checked })} />
            {canManage ? (
              <Group justify="flex-end">
                <Button
                  disabled={!edit}
                  loading={update.isPending}
                  onClick={() => {
                    const { id: _id, ref: _ref, clocks: _c, clockState: _s, subjects: _sub, alertId: _a, discoveredAt: _d, knownAt: _k, occurredAt: _o, anpdNotifiedAt: _an, gdprNotifiedAt: _gn, subjectsNotifiedAt: _sn, ...rest } = edit ?? {};
                    update.mutate(rest);
                  }}
                >
                  {t('dpo.incidents.save')}
                </Button>
              </Group>
            ) : null}
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="drafts" pt="sm">
          <Drafts id={id} />
        </Tabs.Panel>
        <Tabs.Panel value="subjects" pt="sm">
          <Subjects incident={i} canManage={canManage} />
        </Tabs.Panel>
      </Tabs>
    </Card>
  );
}

function Drafts({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const [kind, setKind] = useState('anpd');
  const lang = i18n.language.startsWith('pt') ? 'pt-BR' : i18n.language.startsWith('es') ? 'es' : 'en';
  const draft = useQuery({ queryKey: ['dpo', 'draft', id, kind, lang], queryFn: () => api<{ subject: string; body: string }>(`/api/v1/incidents/${id}/draft?kind=${kind}&lang=${lang}`) });
  return (
    <Stack gap="xs">
      <SegmentedControl
        size="xs"
        value={kind}
        onChange={setKind}
        data={[
          { value: 'anpd', label: t('dpo.incidents.draftAnpd') },
          { value: 'gdpr', label: t('dpo.incidents.draftGdpr') },
          { value: 'subjects', label: t('dpo.incidents.draftSubjects') },
        ]}
      />
      {draft.data ? (
        <>
          <TextInput readOnly value={draft.data.subject} />
          <Textarea readOnly autosize minRows={8} maxRows={20} value={draft.data.body} data-testid="dpo-draft" />
          <Group justify="flex-end">
            <Button size="xs" variant="default" onClick={() => void navigator.clipboard?.writeText(`${draft.data.subject}\n\n${draft.data.body}`).then(() => notifySuccess(t('dpo.incidents.copied')))}>
              {t('dpo.incidents.copy')}
            </Button>
          </Group>
        </>
      ) : draft.isError ? (
        <ErrorState error={draft.error} />
      ) : (
        <LoadingState />
      )}
    </Stack>
  );
}

function Subjects({ incident, canManage }: { incident: Incident; canManage: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const users = useQuery({ queryKey: ['users'], queryFn: () => api<{ items: Array<{ id: string; name: string; email: string }> }>('/api/v1/users'), enabled: canManage });
  const [agentId, setAgentId] = useState<string | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [text, setText] = useState('');
  const query = () => {
    const p = new URLSearchParams();
    if (agentId) p.set('agentId', agentId);
    if (from) p.set('from', new Date(from).toISOString());
    if (to) p.set('to', new Date(to).toISOString());
    return p;
  };
  const find = useMutation({ mutationFn: () => api<{ items: Array<{ contactId: string; displayName: string; via: string[]; touches: number }>; truncated: boolean }>(`/api/v1/incidents/affected-subjects?${query()}`), onError: (err) => notifyError(t, err) });
  const add = useMutation({
    mutationFn: () => api<{ added: number; total: number }>(`/api/v1/incidents/${incident.id}/subjects`, { method: 'POST', body: Object.fromEntries(query()) }),
    onSuccess: (r) => {
      notifySuccess(t('dpo.incidents.added', r));
      void queryClient.invalidateQueries({ queryKey: dpoKeys.all });
    },
    onError: (err) => notifyError(t, err),
  });
  const notify = useMutation({
    mutationFn: () => api<{ notified: number; unreachable: number }>(`/api/v1/incidents/${incident.id}/subjects/notify`, { method: 'POST', body: { text } }),
    onSuccess: (r) => {
      notifySuccess(t('dpo.incidents.notified', r));
      void queryClient.invalidateQueries({ queryKey: dpoKeys.all });
    },
    onError: (err) => notifyError(t, err),
  });
  return (
    <Stack gap="xs">
      {incident.subjects ? <Text size="sm">{t('dpo.incidents.subjectsCount', incident.subjects)}</Text> : null}
      {canManage ? (
        <>
          <Text size="sm" fw={600}>
            {t('dpo.incidents.finder')}
          </Text>
          <Group grow align="flex-end">
            <Select label={t('dpo.incidents.agent')} clearable searchable value={agentId} onChange={setAgentId} data={(users.data?.items ?? []).map((u) => ({ value: u.id, label: u.name || u.email }))} />
            <TextInput type="datetime-local" label={t('dpo.incidents.from')} value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
            <TextInput type="datetime-local" label={t('dpo.incidents.to')} value={to} onChange={(e) => setTo(e.currentTarget.value)} />
          </Group>
          <Group>
            <Button size="xs" variant="light" onClick={() => find.mutate()} loading={find.isPending}>
              {t('dpo.incidents.find')}
            </Button>
            <Button size="xs" variant="light" color="grape" onClick={() => add.mutate()} loading={add.isPending} disabled={!find.data?.items.length}>
              {t('dpo.incidents.addAll')}
            </Button>
          </Group>
          {find.data ? (
            <Table>
              <Table.Tbody>
                {find.data.items.slice(0, 50).map((s) => (
                  <Table.Tr key={s.contactId}>
                    <Table.Td>{s.displayName || s.contactId.slice(0, 8)}</Table.Td>
                    <Table.Td>{s.via.map((v) => t(`dpo.incidents.via.${v}`)).join(', ')}</Table.Td>
                    <Table.Td>{s.touches}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          ) : null}
          <Textarea label={t('dpo.incidents.notifyText')} autosize minRows={3} value={text} onChange={(e) => setText(e.currentTarget.value)} />
          <Group justify="flex-end">
            <Button size="xs" onClick={() => notify.mutate()} loading={notify.isPending} disabled={text.trim().length < 20}>
              {t('dpo.incidents.notify')}
            </Button>
          </Group>
        </>
      ) : null}
    </Stack>
  );
}
