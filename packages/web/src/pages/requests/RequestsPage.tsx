import { Alert, Anchor, Badge, Button, Card, Drawer, Group, Modal, SegmentedControl, Select, Stack, Table, Tabs, Text, TextInput, Textarea, Timeline } from '@mantine/core';
import { IconAlertTriangle, IconExternalLink, IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Session } from '../../api/types';
import { formErrors, notifyError, notifySuccess } from '../../components/feedback';
import { formatDate, formatDateTime } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { navigate, useSearchParam, withSearchParam } from '../../router';

const KINDS = ['confirmation', 'access', 'portability', 'correction', 'erasure', 'anonymisation', 'blocking', 'objection', 'restriction', 'consent_withdrawal', 'sharing_info', 'refusal_consequences'] as const;
const ERASURE = new Set(['erasure', 'anonymisation']);
const EXPORTS = new Set(['confirmation', 'access', 'portability']);

interface RequestItem {
  id: string;
  ref: number;
  kind: string;
  status: string;
  law: string;
  channel: string;
  language: string;
  receivedAt: string;
  dueAt: string;
  completedAt: string | null;
  duplicateOf: string | null;
  repeatOf: string | null;
  extensionReason: string | null;
  rejectionReason: string | null;
  outcome: Record<string, unknown>;
  clock: { dueAt: string; msLeft: number | null; state: 'on_time' | 'due_soon' | 'overdue' | 'answered' };
}
interface RequestDetail extends RequestItem {
  hasDetails: boolean;
  hasEvidence: boolean;
  events: Array<{ id: string; at: string; type: string; note: string | null }>;
  exports: Array<{ id: string; status: string; sizeBytes: number | null; expiresAt: string; downloads: number }>;
}
interface Certificate {
  jobId: string;
  erasedAt: string;
  dataKeysShredded: number;
  dataKeysShreddedBefore?: number;
  erased: Array<{ table: string; strategy: string; rows: number }>;
  kept: Array<{ table: string; rows: number; legalBasis: string; retention: string }>;
}
interface Correction {
  id: string;
  requestRef: number;
  field: string;
  proposedMasked: string;
  createdAt: string;
}

const keys = {
  list: (status: string) => ['data-subject-requests', status] as const,
  one: (id: string) => ['data-subject-requests', 'one', id] as const,
  corrections: ['data-subject-corrections'] as const,
};

/** "3d 4h" / "5h 10m": the time on a legal clock, coarse enough to read at a glance. */
function span(ms: number): string {
  const m = Math.floor(Math.abs(ms) / 60_000);
  const d = Math.floor(m / 1440);
  const h = Math.floor((m % 1440) / 60);
  return d > 0 ? `${d}d ${h}h` : `${h}h ${m % 60}m`;
}

/** The deadline clock, ticking every minute. */
function Clock({ item }: { item: RequestItem }) {
  const { t } = useTranslation();
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  if (item.clock.msLeft === null) {
    const late = item.clock.state === 'overdue';
    return (
      <Badge color={late ? 'red' : 'teal'} variant="light" data-testid="request-clock">
        {late ? t('requests.clock.answeredLate') : t('requests.clock.answered')}
      </Badge>
    );
  }
  const left = new Date(item.dueAt).getTime() - now;
  const color = left < 0 ? 'red' : left < 3 * 86_400_000 ? 'orange' : 'blue';
  return (
    <Badge color={color} variant={left < 0 ? 'filled' : 'light'} data-testid="request-clock">
      {left < 0 ? t('requests.clock.overdue', { time: span(left) }) : t('requests.clock.left', { time: span(left) })}
    </Badge>
  );
}

function RegisterModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<string>('access');
  const [channel, setChannel] = useState<string>('phone');
  const [language, setLanguage] = useState<string>(i18n.language.startsWith('es') ? 'es' : i18n.language.startsWith('en') ? 'en' : 'pt-BR');
  const [identityKind, setIdentityKind] = useState<string>('email');
  const [identityValue, setIdentityValue] = useState('');
  const [evidence, setEvidence] = useState('');
  const [details, setDetails] = useState('');
  const [field, setField] = useState<string>('display_name');
  const [value, setValue] = useState('');
  const [errors, setErrors] = useState<Partial<Record<'identities' | 'evidence' | 'details' | 'correction' | 'value' | 'form', string>>>({});
  const save = useMutation({
    mutationFn: () =>
      api<RequestItem>('/api/v1/data-subject-requests', {
        method: 'POST',
        body: {
          kind,
          channel,
          language,
          identities: [{ kind: identityKind, value: identityValue }],
          evidence,
          ...(details ? { details } : {}),
          ...(kind === 'correction' ? { correction: { field, value } } : {}),
        },
      }),
    onSuccess: (r) => {
      notifySuccess(t('requests.register.done', { ref: r.ref }));
      void queryClient.invalidateQueries({ queryKey: ['data-subject-requests'] });
      void queryClient.invalidateQueries({ queryKey: keys.corrections });
      setIdentityValue('');
      setEvidence('');
      setDetails('');
      setValue('');
      onClose();
    },
    onError: (err) => setErrors(formErrors(t, err, ['identities', 'evidence', 'details', 'correction', 'value'] as const)),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    save.mutate();
  };
  return (
    <Modal opened={opened} onClose={onClose} title={t('requests.register.title')} size="lg">
      <form onSubmit={submit} data-testid="register-request-form">
        <Stack>
          {errors.form ? <Alert color="red">{errors.form}</Alert> : null}
          <Select label={t('requests.register.kind')} data={KINDS.map((k) => ({ value: k, label: t(`requests.kind.${k}`) }))} value={kind} onChange={(v) => v && setKind(v)} allowDeselect={false} data-testid="register-kind" />
          <Group grow>
            <Select label={t('requests.register.channel')} data={['phone', 'letter', 'email', 'in_person'].map((c) => ({ value: c, label: t(`requests.channel.${c}`) }))} value={channel} onChange={(v) => v && setChannel(v)} allowDeselect={false} />
            <Select label={t('requests.register.language')} data={['pt-BR', 'es', 'en']} value={language} onChange={(v) => v && setLanguage(v)} allowDeselect={false} />
          </Group>
          <Group grow align="flex-start">
            <Select label={t('requests.register.identityKind')} data={['email', 'phone', 'whatsapp', 'document'].map((k) => ({ value: k, label: t(`requests.identity.${k}`) }))} value={identityKind} onChange={(v) => v && setIdentityKind(v)} allowDeselect={false} />
            <TextInput label={t('requests.register.identityValue')} value={identityValue} onChange={(e) => setIdentityValue(e.currentTarget.value)} error={errors.identities} required data-testid="register-identity" />
          </Group>
          <Textarea label={t('requests.register.evidence')} description={t('requests.register.evidenceHint')} value={evidence} onChange={(e) => setEvidence(e.currentTarget.value)} error={errors.evidence} required autosize minRows={2} data-testid="register-evidence" />
          {kind === 'correction' ? (
            <Group grow align="flex-start">
              <Select label={t('requests.register.correctionField')} data={['display_name', 'email', 'phone', 'document'].map((f) => ({ value: f, label: t(`requests.corrections.fields.${f}`) }))} value={field} onChange={(v) => v && setField(v)} allowDeselect={false} />
              <TextInput label={t('requests.register.correctionValue')} value={value} onChange={(e) => setValue(e.currentTarget.value)} error={errors.value ?? errors.correction} required />
            </Group>
          ) : null}
          <Textarea label={t('requests.register.details')} value={details} onChange={(e) => setDetails(e.currentTarget.value)} error={errors.details} autosize minRows={2} />
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending} data-testid="register-submit">
              {t('requests.register.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function RequestDrawer({ id, canManage, onClose }: { id: string; canManage: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const detail = useQuery({ queryKey: keys.one(id), queryFn: () => api<RequestDetail>(`/api/v1/data-subject-requests/${id}`), refetchInterval: (q) => (q.state.data?.status === 'in_progress' ? 2000 : false) });
  const [action, setAction] = useState<'extend' | 'reject' | 'complete' | 'lift-restriction' | null>(null);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>();
  const act = useMutation({
    mutationFn: (what: 'extend' | 'reject' | 'complete' | 'lift-restriction' | 'erase' | 'export') =>
      api<RequestItem>(`/api/v1/data-subject-requests/${id}/${what}`, { method: 'POST', body: what === 'extend' || what === 'reject' || what === 'lift-restriction' ? { reason: text } : what === 'complete' ? { answer: text } : undefined }),
    onSuccess: () => {
      notifySuccess(t('requests.actions.done'));
      setAction(null);
      setText('');
      void queryClient.invalidateQueries({ queryKey: ['data-subject-requests'] });
    },
    onError: (err) => {
      const f = formErrors(t, err, ['reason', 'answer'] as const);
      if (f.reason ?? f.answer) setError(f.reason ?? f.answer);
      else notifyError(t, err);
    },
  });
  const [revealReason, setRevealReason] = useState('');
  const [revealing, setRevealing] = useState(false);
  const reveal = useMutation({
    mutationFn: () => api<{ details: string | null; evidence: string | null }>(`/api/v1/data-subject-requests/${id}/details/reveal`, { method: 'POST', body: { reason: revealReason } }),
    onError: (err) => notifyError(t, err),
  });
  const r = detail.data;
  const open = r && !['completed', 'rejected'].includes(r.status);
  const certificate = (r?.outcome as { certificate?: Certificate } | undefined)?.certificate;
  return (
    <Drawer opened onClose={onClose} position="right" size="lg" title={r ? `#${r.ref} — ${t(`requests.kind.${r.kind}`)}` : ''} data-testid="request-drawer">
      {detail.isLoading ? <LoadingState /> : detail.isError ? <ErrorState error={detail.error} /> : r ? (
        <Stack>
          <Group>
            <Badge variant="light">{t(`requests.status.${r.status}`)}</Badge>
            <Clock item={r} />
            {r.duplicateOf ? <Badge color="grape">{t('requests.flags.duplicate')}</Badge> : null}
            {r.repeatOf ? <Badge color="yellow">{t('requests.flags.repeat')}</Badge> : null}
          </Group>
          <Text size="sm">
            {t('requests.detail.law')}: {r.law === 'LGPD' ? 'LGPD Art. 19' : 'GDPR Art. 12(3)'} · {t('requests.detail.due')}: {formatDate(r.dueAt, i18n.language)}
          </Text>
          {r.rejectionReason ? <Alert color="red">{r.rejectionReason}</Alert> : null}
          {r.extensionReason ? <Alert color="orange">{r.extensionReason}</Alert> : null}
          {r.exports.length ? (
            <Text size="sm">
              {t('requests.detail.bundle')}: {r.exports.map((x) => `${x.status} · ${x.sizeBytes ?? 0} B · ${x.downloads} ${t('requests.detail.downloads')}`).join('; ')}
            </Text>
          ) : null}
          {certificate ? (
            <Card withBorder data-testid="erasure-certificate">
              <Text fw={600}>{t('requests.detail.certificate')}</Text>
              <Text size="sm" c="dimmed">
                {formatDateTime(certificate.erasedAt, i18n.language)} · {t('requests.detail.job')} {certificate.jobId} · {t('requests.detail.keys')}: {certificate.dataKeysShredded}
                {certificate.dataKeysShreddedBefore ? ` (${t('requests.detail.keysBefore', { count: certificate.dataKeysShreddedBefore })})` : ''}
              </Text>
              <Text size="sm" fw={600} mt="xs">{t('requests.detail.erased')}</Text>
              {certificate.erased.map((e) => (
                <Text size="sm" key={e.table}>{e.table} ({e.strategy}): {t('requests.detail.rows', { count: e.rows })}</Text>
              ))}
              <Text size="sm" fw={600} mt="xs">{t('requests.detail.kept')}</Text>
              {certificate.kept.map((k) => (
                <Text size="sm" key={k.table}>{k.table}: {t('requests.detail.rows', { count: k.rows })} — {k.legalBasis}; {k.retention}</Text>
              ))}
            </Card>
          ) : null}
          {canManage && (r.hasDetails || r.hasEvidence) ? (
            reveal.data ? (
              <Card withBorder data-testid="request-details">
                {reveal.data.details ? <Text size="sm"><b>{t('requests.detail.details')}:</b> {reveal.data.details}</Text> : null}
                {reveal.data.evidence ? <Text size="sm"><b>{t('requests.detail.evidence')}:</b> {reveal.data.evidence}</Text> : null}
              </Card>
            ) : revealing ? (
              <Group align="flex-end">
                <TextInput label={t('requests.actions.revealReason')} value={revealReason} onChange={(e) => setRevealReason(e.currentTarget.value)} style={{ flex: 1 }} />
                <Button variant="default" loading={reveal.isPending} onClick={() => reveal.mutate()}>{t('requests.actions.reveal')}</Button>
              </Group>
            ) : (
              <Button variant="subtle" w="fit-content" onClick={() => setRevealing(true)}>{t('requests.actions.reveal')}</Button>
            )
          ) : null}
          {canManage && open ? (
            <Group>
              {r.law === 'GDPR' && r.status !== 'extended' ? <Button variant="default" onClick={() => setAction('extend')}>{t('requests.actions.extend')}</Button> : null}
              {ERASURE.has(r.kind) && r.status === 'identity_verified' ? (
                <Button color="red" data-testid="erase-button" loading={act.isPending} onClick={() => window.confirm(t('requests.actions.eraseConfirm')) && act.mutate('erase')}>
                  {t('requests.actions.erase')}
                </Button>
              ) : null}
              {!ERASURE.has(r.kind) && r.status !== 'received' ? <Button onClick={() => setAction('complete')}>{t('requests.actions.complete')}</Button> : null}
              <Button variant="default" color="red" onClick={() => setAction('reject')}>{t('requests.actions.reject')}</Button>
            </Group>
          ) : null}
          {canManage && EXPORTS.has(r.kind) && r.status === 'completed' ? <Button variant="default" onClick={() => act.mutate('export')}>{t('requests.actions.rebuild')}</Button> : null}
          {canManage && (r.kind === 'restriction' || r.kind === 'blocking') && r.status === 'completed' && r.outcome.restriction && !r.outcome.restrictionLiftedAt ? (
            <Button variant="default" w="fit-content" data-testid="lift-restriction" onClick={() => setAction('lift-restriction')}>{t('requests.actions.liftRestriction')}</Button>
          ) : null}
          {action ? (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                setError(undefined);
                act.mutate(action);
              }}
            >
              <Stack>
                <Textarea label={action === 'complete' ? t('requests.actions.answer') : t('requests.actions.reason')} value={text} onChange={(e) => setText(e.currentTarget.value)} error={error} autosize minRows={3} required data-testid="action-text" />
                <Group justify="flex-end">
                  <Button type="submit" loading={act.isPending} data-testid="action-submit">{t(`requests.actions.${action === 'lift-restriction' ? 'liftRestriction' : action}`)}</Button>
                </Group>
              </Stack>
            </form>
          ) : null}
          <Text fw={600}>{t('requests.detail.history')}</Text>
          <Timeline bulletSize={12} lineWidth={2}>
            {r.events.map((e) => (
              <Timeline.Item key={e.id} title={e.type.replace(/_/g, ' ')}>
                <Text size="xs" c="dimmed">{formatDateTime(e.at, i18n.language)}</Text>
                {e.note ? <Text size="sm">{e.note}</Text> : null}
              </Timeline.Item>
            ))}
          </Timeline>
        </Stack>
      ) : null}
    </Drawer>
  );
}

function Queue({ canManage }: { canManage: boolean }) {
  const { t, i18n } = useTranslation();
  const [filter, setFilter] = useState('open');
  const selected = useSearchParam('r');
  const list = useQuery({ queryKey: keys.list(filter), queryFn: () => api<{ items: RequestItem[]; overdue: number }>(`/api/v1/data-subject-requests?status=${filter}`), refetchInterval: 30_000 });
  return (
    <Stack>
      <SegmentedControl value={filter} onChange={setFilter} data={['open', 'overdue', 'closed', 'all'].map((v) => ({ value: v, label: t(`requests.filter.${v}`) }))} w="fit-content" data-testid="request-filter" />
      {list.data && list.data.overdue > 0 ? (
        <Alert color="red" icon={<IconAlertTriangle />} data-testid="overdue-alert">
          {t('requests.overdueAlert', { count: list.data.overdue })}
        </Alert>
      ) : null}
      {list.isLoading ? <LoadingState /> : list.isError ? <ErrorState error={list.error} /> : !list.data?.items.length ? <EmptyState title={t('requests.empty')} /> : (
        <Table highlightOnHover data-testid="request-queue">
          <Table.Thead>
            <Table.Tr>
              {(['ref', 'kind', 'status', 'channel', 'received', 'clock'] as const).map((c) => (
                <Table.Th key={c}>{t(`requests.col.${c}`)}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data.items.map((r) => (
              <Table.Tr key={r.id} style={{ cursor: 'pointer' }} onClick={() => navigate(withSearchParam('r', r.id))} data-testid="request-row">
                <Table.Td>#{r.ref}</Table.Td>
                <Table.Td>
                  {t(`requests.kind.${r.kind}`)} {r.duplicateOf ? <Badge size="xs" color="grape">{t('requests.flags.duplicate')}</Badge> : null} {r.repeatOf ? <Badge size="xs" color="yellow">{t('requests.flags.repeat')}</Badge> : null}
                </Table.Td>
                <Table.Td>{t(`requests.status.${r.status}`)}</Table.Td>
                <Table.Td>{t(`requests.channel.${r.channel}`)}</Table.Td>
                <Table.Td>{formatDate(r.receivedAt, i18n.language)}</Table.Td>
                <Table.Td>
                  <Clock item={r} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {selected ? <RequestDrawer id={selected} canManage={canManage} onClose={() => navigate(withSearchParam('r', null))} /> : null}
    </Stack>
  );
}

function Corrections() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: keys.corrections, queryFn: () => api<{ items: Correction[] }>('/api/v1/data-subject-corrections') });
  const [declining, setDeclining] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const decide = useMutation({
    mutationFn: (v: { id: string; approve: boolean }) => api(`/api/v1/data-subject-corrections/${v.id}/decide`, { method: 'POST', body: { approve: v.approve, ...(note ? { note } : {}) } }),
    onSuccess: (_r, v) => {
      notifySuccess(v.approve ? t('requests.corrections.applied') : t('requests.corrections.declined'));
      setDeclining(null);
      setNote('');
      void queryClient.invalidateQueries({ queryKey: keys.corrections });
      void queryClient.invalidateQueries({ queryKey: ['data-subject-requests'] });
    },
    onError: (err) => notifyError(t, err),
  });
  if (list.isLoading) return <LoadingState />;
  if (list.isError) return <ErrorState error={list.error} />;
  if (!list.data?.items.length) return <EmptyState title={t('requests.corrections.empty')} />;
  return (
    <Table data-testid="corrections">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('requests.col.ref')}</Table.Th>
          <Table.Th>{t('requests.corrections.field')}</Table.Th>
          <Table.Th>{t('requests.corrections.proposed')}</Table.Th>
          <Table.Th>{t('requests.col.received')}</Table.Th>
          <Table.Th />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {list.data.items.map((c) => (
          <Table.Tr key={c.id}>
            <Table.Td>#{c.requestRef}</Table.Td>
            <Table.Td>{t(`requests.corrections.fields.${c.field}`)}</Table.Td>
            <Table.Td>{c.proposedMasked}</Table.Td>
            <Table.Td>{formatDate(c.createdAt, i18n.language)}</Table.Td>
            <Table.Td>
              {declining === c.id ? (
                <Group gap="xs">
                  <TextInput size="xs" placeholder={t('requests.corrections.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
                  <Button size="xs" color="red" onClick={() => decide.mutate({ id: c.id, approve: false })}>{t('requests.corrections.decline')}</Button>
                </Group>
              ) : (
                <Group gap="xs">
                  <Button size="xs" onClick={() => decide.mutate({ id: c.id, approve: true })} data-testid="approve-correction">{t('requests.corrections.approve')}</Button>
                  <Button size="xs" variant="default" onClick={() => setDeclining(c.id)}>{t('requests.corrections.decline')}</Button>
                </Group>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** The DPO queue with deadline clocks, staff registration of requests, and corrections to decide. */
export function RequestsPage({ session }: { session: Session }) {
  const { t } = useTranslation();
  const [registering, setRegistering] = useState(false);
  const canRead = session.permissions.includes('requests:read');
  const canManage = session.permissions.includes('requests:manage');
  const canRegister = session.permissions.includes('requests:register');
  const canDecide = session.permissions.includes('corrections:decide');
  const param = useSearchParam('tab');
  const tabs = [...(canRead ? ['queue'] : []), ...(canDecide ? ['corrections'] : [])];
  const tab = tabs.includes(param ?? '') ? param! : tabs[0];
  return (
    <>
      <PageHeader
        title={t('requests.title')}
        description={t('requests.description')}
        actions={
          <>
            <Anchor href={`/privacy/${session.organization.slug}/requests`} target="_blank" size="sm">
              {t('requests.portalLink')} <IconExternalLink size={14} />
            </Anchor>
            {canRegister ? (
              <Button leftSection={<IconPlus size={16} />} onClick={() => setRegistering(true)} data-testid="register-request">
                {t('requests.register.open')}
              </Button>
            ) : null}
          </>
        }
      />
      <Tabs value={tab ?? null} onChange={(v) => v && navigate(withSearchParam('tab', v), { replace: true })} keepMounted={false}>
        <Tabs.List mb="md">
          {tabs.map((k) => (
            <Tabs.Tab key={k} value={k} data-testid={`requests-tab-${k}`}>
              {t(`requests.tabs.${k}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="queue">{canRead ? <Queue canManage={canManage} /> : null}</Tabs.Panel>
        <Tabs.Panel value="corrections">{canDecide ? <Corrections /> : null}</Tabs.Panel>
      </Tabs>
      <RegisterModal opened={registering} onClose={() => setRegistering(false)} />
    </>
  );
}
