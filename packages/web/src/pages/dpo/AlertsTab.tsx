import { Badge, Button, Card, Grid, Group, Modal, Paper, ScrollArea, SegmentedControl, Select, Stack, Table, Text, Textarea, TextInput, Timeline, Title } from '@mantine/core';
import { IconAlertTriangle, IconPlayerPause, IconPlayerPlay, IconTrash, IconUserCheck } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Session } from '../../api/types';
import { formErrors, notifyError, notifySuccess } from '../../components/feedback';
import { formatDateTime, fromNow } from '../../components/format';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { navigate, useSearchParam, withSearchParam } from '../../router';
import { dpoKeys, SEVERITIES, SEVERITY_COLOR, type Alert, type AlertDetail, type Incident } from './api';

export function alertTitle(t: (k: string) => string, a: Pick<Alert, 'kind' | 'anomaly' | 'ruleName'>): string {
  return a.kind === 'anomaly' && a.anomaly ? t(`dpo.anomaly.${a.anomaly}`) : a.ruleName;
}

/** The alert queue (live) beside the selected alert's detail. */
export function AlertsTab({ session, poll }: { session: Session; poll: number | false }) {
  const { t, i18n } = useTranslation();
  const [status, setStatus] = useState('unresolved');
  const [severity, setSeverity] = useState<string | null>(null);
  const selected = useSearchParam('alert');
  const filter = `status=${status === 'all' ? '' : status}&severity=${severity ?? ''}`;
  const alerts = useQuery({
    queryKey: dpoKeys.alerts(filter),
    queryFn: () => api<{ items: Alert[] }>(`/api/v1/alerts?limit=100${status !== 'all' ? `&status=${status}` : ''}${severity ? `&severity=${severity}` : ''}`),
    refetchInterval: poll,
  });
  return (
    <Grid gutter="md">
      <Grid.Col span={{ base: 12, lg: 5 }}>
        <Group mb="sm" gap="sm" align="flex-end">
          <SegmentedControl
            size="xs"
            value={status}
            onChange={setStatus}
            data={['unresolved', 'open', 'acknowledged', 'resolved', 'all'].map((s) => ({ value: s, label: s === 'all' ? t('dpo.alerts.all') : t(`dpo.status.${s}`) }))}
            data-testid="dpo-alert-status"
          />
          <Select
            size="xs"
            w={130}
            placeholder={t('dpo.alerts.filterSeverity')}
            clearable
            value={severity}
            onChange={setSeverity}
            data={SEVERITIES.map((s) => ({ value: s, label: t(`dpo.severity.${s}`) }))}
          />
        </Group>
        {alerts.isPending ? (
          <LoadingState />
        ) : alerts.isError ? (
          <ErrorState error={alerts.error} onRetry={() => void alerts.refetch()} />
        ) : alerts.data.items.length === 0 ? (
          <EmptyState title={t('dpo.alerts.empty')}>{t('dpo.alerts.emptyHint')}</EmptyState>
        ) : (
          <Paper withBorder radius="md">
            <ScrollArea.Autosize mah={640}>
              <Table highlightOnHover data-testid="dpo-alert-list">
                <Table.Tbody>
                  {alerts.data.items.map((a) => (
                    <Table.Tr
                      key={a.id}
                      onClick={() => navigate(withSearchParam('alert', a.id))}
                      style={{ cursor: 'pointer' }}
                      bg={a.id === selected ? 'var(--mantine-color-blue-light)' : undefined}
                      data-testid="dpo-alert-row"
                      data-alert-id={a.id}
                      data-status={a.status}
                    >
                      <Table.Td w={90}>
                        <Badge color={SEVERITY_COLOR[a.severity]} variant={a.status === 'resolved' ? 'outline' : 'filled'} size="sm">
                          {t(`dpo.severity.${a.severity}`)}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" fw={a.status === 'open' ? 600 : 400} lineClamp={1}>
                          {alertTitle(t, a)}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {a.direction ? `${t(`dpo.direction.${a.direction}`)} · ` : ''}
                          {a.matched.slice(0, 3).join(', ')}
                        </Text>
                      </Table.Td>
                      <Table.Td w={110}>
                        <Text size="xs" c="dimmed" title={formatDateTime(a.createdAt, i18n.language)}>
                          {fromNow(a.createdAt, i18n.language)}
                        </Text>
                        <Text size="xs">{t(`dpo.status.${a.status}`)}</Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollArea.Autosize>
          </Paper>
        )}
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 7 }}>
        {selected ? (
          <AlertDetailPanel id={selected} session={session} poll={poll} />
        ) : (
          <Text c="dimmed" size="sm" mt="xl" ta="center">
            {t('dpo.alerts.select')}
          </Text>
        )}
      </Grid.Col>
    </Grid>
  );
}

function AlertDetailPanel({ id, session, poll }: { id: string; session: Session; poll: number | false }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const detail = useQuery({ queryKey: dpoKeys.alert(id), queryFn: () => api<AlertDetail>(`/api/v1/alerts/${id}`), refetchInterval: poll });
  const [comment, setComment] = useState('');
  const [outcome, setOutcome] = useState<string | null>('handled');
  const [purgeOf, setPurgeOf] = useState<string | null>(null);
  const can = (p: string) => session.permissions.includes(p);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: dpoKeys.all });
  const act = useMutation({
    mutationFn: ({ path, body }: { path: string; body?: unknown }) => api(`/api/v1/alerts/${id}/${path}`, { method: 'POST', body: body ?? {} }),
    onSuccess: () => {
      notifySuccess(t('dpo.alerts.done'));
      refresh();
    },
    onError: (err) => notifyError(t, err),
  });
  const openIncident = useMutation({
    mutationFn: (a: AlertDetail) => api<Incident>(`/api/v1/alerts/${id}/incident`, { method: 'POST', body: { title: alertTitle(t, a), jurisdictions: ['anpd'] } }),
    onSuccess: (incident) => {
      notifySuccess(t('dpo.alerts.incidentOpened', { ref: incident.ref }));
      refresh();
    },
    onError: (err) => notifyError(t, err),
  });
  if (detail.isPending) return <LoadingState />;
  if (detail.isError) return <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />;
  const a = detail.data;
  const manage = can('alerts:manage');
  return (
    <Card withBorder radius="md" data-testid="dpo-alert-detail" data-status={a.status}>
      <Group justify="space-between" align="flex-start" mb="sm">
        <Stack gap={2}>
          <Group gap="xs">
            <Badge color={SEVERITY_COLOR[a.severity]}>{t(`dpo.severity.${a.severity}`)}</Badge>
            <Badge variant="light" color="gray" data-testid="dpo-alert-status-badge">
              {t(`dpo.status.${a.status}`)}
              {a.outcome ? ` · ${t(`dpo.outcome.${a.outcome}`)}` : ''}
            </Badge>
          </Group>
          <Title order={4}>{alertTitle(t, a)}</Title>
          <Text size="xs" c="dimmed">
            {formatDateTime(a.createdAt, i18n.language)}
            {a.matched.length ? ` · ${t('dpo.alerts.matched')}: ${a.matched.join(', ')}` : ''}
          </Text>
        </Stack>
        {a.incidentId ? (
          <Button size="xs" variant="light" onClick={() => navigate(`/dpo?tab=incidents&incident=${a.incidentId}`)}>
            {t('dpo.alerts.incident')}
          </Button>
        ) : null}
      </Group>

      <Group gap="lg" mb="sm">
        {a.contact ? (
          <Text size="sm">
            <Text span c="dimmed">
              {t('dpo.alerts.contact')}:{' '}
            </Text>
            {a.contact.displayName || '—'}
          </Text>
        ) : null}
        {a.agent ? (
          <Text size="sm">
            <Text span c="dimmed">
              {t('dpo.alerts.agent')}:{' '}
            </Text>
            {a.agent.name}
          </Text>
        ) : null}
        {a.conversation?.pausedAt ? <Badge color="red" variant="light">{t('dpo.alerts.paused')}</Badge> : null}
      </Group>

      {a.context.length ? (
        <>
          <Text size="sm" fw={600} mb={4}>
            {t('dpo.alerts.context')}
          </Text>
          <Stack gap={6} mb="md" data-testid="dpo-alert-context">
            {a.context.map((m) => (
              <Paper
                key={m.id}
                p="xs"
                radius="sm"
                withBorder
                bg={m.isTrigger ? 'var(--mantine-color-orange-light)' : m.direction === 'outbound' ? 'var(--mantine-color-blue-0)' : undefined}
                style={{ marginLeft: m.direction === 'outbound' ? 40 : 0, marginRight: m.direction === 'outbound' ? 0 : 40 }}
                data-testid={m.isTrigger ? 'dpo-alert-trigger' : undefined}
              >
                <Group justify="space-between" gap="xs">
                  <Text size="xs" c="dimmed">
                    {t(`dpo.direction.${m.direction}`)} · {formatDateTime(m.createdAt, i18n.language)}
                    {m.isTrigger ? ` · ${t('dpo.alerts.trigger')}` : ''}
                  </Text>
                  {m.purged ? (
                    <Badge size="xs" color="gray">
                      {t('dpo.alerts.purged')}
                    </Badge>
                  ) : can('messages:purge') && m.isTrigger ? (
                    <Button size="compact-xs" variant="subtle" color="red" leftSection={<IconTrash size={12} />} onClick={() => setPurgeOf(m.id)} data-testid="dpo-purge">
                      {t('dpo.alerts.purge')}
                    </Button>
                  ) : null}
                </Group>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {m.body}
                </Text>
              </Paper>
            ))}
          </Stack>
        </>
      ) : null}

      {manage ? (
        <Stack gap="xs" mb="md">
          <Group gap="xs">
            {a.status === 'open' ? (
              <Button size="xs" variant="light" onClick={() => act.mutate({ path: 'acknowledge' })} data-testid="dpo-acknowledge">
                {t('dpo.alerts.acknowledge')}
              </Button>
            ) : null}
            {session.user.id !== a.assigneeId ? (
              <Button size="xs" variant="light" leftSection={<IconUserCheck size={14} />} onClick={() => act.mutate({ path: 'assign', body: { assigneeId: session.user.id } })}>
                {t('dpo.alerts.assignToMe')}
              </Button>
            ) : null}
            {a.conversation ? (
              <>
                <Button size="xs" variant="light" onClick={() => act.mutate({ path: 'take-over' })}>
                  {t('dpo.alerts.takeOver')}
                </Button>
                {a.conversation.pausedAt ? (
                  <Button size="xs" variant="light" color="teal" leftSection={<IconPlayerPlay size={14} />} onClick={() => act.mutate({ path: 'resume' })}>
                    {t('dpo.alerts.resume')}
                  </Button>
                ) : (
                  <Button size="xs" variant="light" color="red" leftSection={<IconPlayerPause size={14} />} onClick={() => act.mutate({ path: 'pause' })} data-testid="dpo-pause">
                    {t('dpo.alerts.pause')}
                  </Button>
                )}
              </>
            ) : null}
            {can('incidents:manage') && !a.incidentId ? (
              <Button size="xs" variant="light" color="grape" leftSection={<IconAlertTriangle size={14} />} onClick={() => openIncident.mutate(a)} loading={openIncident.isPending}>
                {t('dpo.alerts.openIncident')}
              </Button>
            ) : null}
          </Group>
          <Textarea size="sm" autosize minRows={2} placeholder={t('dpo.alerts.commentPlaceholder')} value={comment} onChange={(e) => setComment(e.currentTarget.value)} aria-label={t('dpo.alerts.comment')} data-testid="dpo-comment" />
          <Group gap="xs">
            <Button
              size="xs"
              variant="default"
              disabled={!comment.trim()}
              onClick={() => act.mutate({ path: 'comment', body: { comment } }, { onSuccess: () => setComment('') })}
            >
              {t('dpo.alerts.addComment')}
            </Button>
            {a.status !== 'resolved' ? (
              <>
                <Select
                  size="xs"
                  w={170}
                  value={outcome}
                  onChange={setOutcome}
                  aria-label={t('dpo.alerts.resolveAs')}
                  data={['handled', 'false_positive', 'escalated'].map((o) => ({ value: o, label: t(`dpo.outcome.${o}`) }))}
                  data-testid="dpo-outcome"
                />
                <Button
                  size="xs"
                  color="teal"
                  disabled={!outcome}
                  onClick={() => act.mutate({ path: 'resolve', body: { outcome, ...(comment.trim() ? { comment } : {}) } }, { onSuccess: () => setComment('') })}
                  data-testid="dpo-resolve"
                >
                  {t('dpo.alerts.resolve')}
                </Button>
              </>
            ) : (
              <Button size="xs" variant="default" onClick={() => act.mutate({ path: 'reopen' })}>
                {t('dpo.alerts.reopen')}
              </Button>
            )}
          </Group>
        </Stack>
      ) : null}

      {a.events.length ? (
        <>
          <Text size="sm" fw={600} mb={6}>
            {t('dpo.alerts.timeline')}
          </Text>
          <Timeline bulletSize={14} lineWidth={2} data-testid="dpo-alert-timeline">
            {a.events.map((e) => (
              <Timeline.Item key={e.id} title={<Text size="sm">{`${e.actorName ?? t('dpo.alerts.system')} ${t(`dpo.alerts.events.${e.type}`, { defaultValue: e.type })}${e.data.outcome ? ` — ${t(`dpo.outcome.${String(e.data.outcome)}`)}` : ''}`}</Text>}>
                {e.comment ? (
                  <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
                    {e.comment}
                  </Text>
                ) : null}
                <Text size="xs" c="dimmed">
                  {formatDateTime(e.createdAt, i18n.language)}
                </Text>
              </Timeline.Item>
            ))}
          </Timeline>
        </>
      ) : null}
      <PurgeModal messageId={purgeOf} alertId={a.id} onClose={() => setPurgeOf(null)} onDone={refresh} />
    </Card>
  );
}

function PurgeModal({ messageId, alertId, onClose, onDone }: { messageId: string | null; alertId: string; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const purge = useMutation({
    mutationFn: () => api(`/api/v1/messages/${messageId}/purge`, { method: 'POST', body: { reason, alertId } }),
    onSuccess: () => {
      notifySuccess(t('dpo.alerts.done'));
      setReason('');
      onClose();
      onDone();
    },
    onError: (err) => {
      const e = formErrors(t, err, ['reason'] as const);
      setError(e.reason ?? e.form);
    },
  });
  return (
    <Modal opened={!!messageId} onClose={onClose} title={t('dpo.alerts.purgeTitle')}>
      <Stack>
        <Text size="sm">{t('dpo.alerts.purgeHelp')}</Text>
        <TextInput label={t('dpo.alerts.purgeReason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={error} data-testid="dpo-purge-reason" />
        <Group justify="flex-end">
          <Button color="red" onClick={() => purge.mutate()} loading={purge.isPending} data-testid="dpo-purge-confirm">
            {t('dpo.alerts.purgeConfirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
