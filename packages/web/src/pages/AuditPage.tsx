import { ActionIcon, Autocomplete, Badge, Button, Card, Code, Group, Modal, ScrollArea, SimpleGrid, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useDebouncedValue } from '@mantine/hooks';
import { IconDownload, IconFilterOff, IconInfoCircle, IconSearch } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import type { TFunction } from 'i18next';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, queryString } from '../api/client';
import type { AuditEntry, AuditPage as AuditPageAnswer } from '../api/types';
import { formatDateTime } from '../components/format';
import { PageHeader } from '../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../components/States';

const PAGE_SIZE = 50;

// Suggestions for the action filter: a prefix such as "login" matches every "login.*" action.
const KNOWN_ACTIONS = [
  'login',
  'login.succeeded',
  'login.failed',
  'login.locked',
  'logout',
  '2fa',
  '2fa.enabled',
  '2fa.disabled',
  'auth.password_changed',
  'user',
  'user.created',
  'user.role_changed',
  'token',
  'token.created',
  'token.used',
  'token.revoked',
  'allowlist',
  'settings.changed',
  'access.ip_blocked',
  'message.revealed',
  'identity.revealed',
  'attachment.revealed',
  'channel',
  'webhook',
];

export function actionLabel(t: TFunction, action: string): string {
  return t(`audit.actions.${action.replace(/[.:]/g, '_')}`, { defaultValue: action });
}

function targetLabel(t: TFunction, targetType: string): string {
  return t(`audit.targetTypes.${targetType.replace(/[.:]/g, '_')}`, { defaultValue: targetType });
}

function actorLabel(t: TFunction, entry: AuditEntry): string {
  if (entry.actorLabel) return entry.actorLabel;
  if (entry.actorType === 'system') return t('audit.actorTypes.system');
  return entry.actorId ?? '—';
}

const ACTOR_COLOR: Record<string, string> = { user: 'blue', token: 'grape', system: 'gray', anonymous: 'orange' };

/** Dates picked in the browser's time zone, sent as instants so the server needs no zone. */
function dayBoundary(date: string | null, end: boolean): string | undefined {
  if (!date) return undefined;
  const d = dayjs(date);
  if (!d.isValid()) return undefined;
  return (end ? d.endOf('day') : d.startOf('day')).toISOString();
}

export function AuditPage() {
  const { t, i18n } = useTranslation();
  const [actor, setActor] = useState('');
  const [action, setAction] = useState('');
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState<string | null>(null);
  const [details, setDetails] = useState<AuditEntry | null>(null);
  const [debouncedActor] = useDebouncedValue(actor.trim(), 350);
  const [debouncedAction] = useDebouncedValue(action.trim(), 350);

  const filters = {
    actor: debouncedActor || undefined,
    action: debouncedAction || undefined,
    from: dayBoundary(from, false),
    to: dayBoundary(to, true),
  };

  const audit = useInfiniteQuery({
    queryKey: ['audit', filters],
    queryFn: ({ pageParam, signal }) =>
      api<AuditPageAnswer>(`/api/v1/audit${queryString({ ...filters, limit: PAGE_SIZE, before: pageParam })}`, { signal }),
    initialPageParam: undefined as string | number | undefined,
    getNextPageParam: (last) => (last.nextBefore === null || last.nextBefore === undefined ? undefined : last.nextBefore),
  });

  const entries = audit.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = !!(actor || action || from || to);
  const exportHref = `/api/v1/audit/export.csv${queryString(filters)}`;

  return (
    <>
      <PageHeader
        title={t('audit.title')}
        description={t('audit.description')}
        actions={
          <Button component="a" href={exportHref} download variant="default" leftSection={<IconDownload size={16} />} data-testid="audit-export">
            {t('audit.export')}
          </Button>
        }
      />
      <Stack gap="md">
        <Card withBorder radius="md" padding="md">
          <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} spacing="sm">
            <TextInput
              label={t('audit.filters.actor')}
              placeholder={t('audit.filters.actorPlaceholder')}
              leftSection={<IconSearch size={14} />}
              value={actor}
              onChange={(e) => setActor(e.currentTarget.value)}
              data-testid="audit-filter-actor"
            />
            <Autocomplete
              label={t('audit.filters.action')}
              placeholder={t('audit.filters.actionPlaceholder')}
              leftSection={<IconSearch size={14} />}
              data={KNOWN_ACTIONS}
              value={action}
              onChange={setAction}
              clearable
              data-testid="audit-filter-action"
            />
            <DateInput
              label={t('audit.filters.from')}
              value={from}
              onChange={setFrom}
              clearable
              maxDate={to ?? undefined}
              valueFormat="L"
              placeholder={t('audit.filters.anyDate')}
              data-testid="audit-filter-from"
            />
            <DateInput
              label={t('audit.filters.to')}
              value={to}
              onChange={setTo}
              clearable
              minDate={from ?? undefined}
              valueFormat="L"
              placeholder={t('audit.filters.anyDate')}
              data-testid="audit-filter-to"
            />
          </SimpleGrid>
          {filtered ? (
            <Group justify="flex-end" mt="sm">
              <Button
                variant="subtle"
                size="xs"
                color="gray"
                leftSection={<IconFilterOff size={14} />}
                onClick={() => {
                  setActor('');
                  setAction('');
                  setFrom(null);
                  setTo(null);
                }}
              >
                {t('audit.filters.clear')}
              </Button>
            </Group>
          ) : null}
        </Card>

        <Card withBorder radius="md" padding={0}>
          {audit.isPending ? (
            <LoadingState />
          ) : audit.isError ? (
            <Card.Section p="md">
              <ErrorState error={audit.error} onRetry={() => void audit.refetch()} />
            </Card.Section>
          ) : entries.length === 0 ? (
            <EmptyState title={filtered ? t('audit.emptyFiltered') : t('audit.empty')} />
          ) : (
            <ScrollArea>
              <Table verticalSpacing="xs" horizontalSpacing="md" striped highlightOnHover fz="sm" data-testid="audit-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={180}>{t('audit.columns.time')}</Table.Th>
                    <Table.Th>{t('audit.columns.actor')}</Table.Th>
                    <Table.Th>{t('audit.columns.action')}</Table.Th>
                    <Table.Th>{t('audit.columns.target')}</Table.Th>
                    <Table.Th>{t('audit.columns.ip')}</Table.Th>
                    <Table.Th>{t('audit.columns.reason')}</Table.Th>
                    <Table.Th w={40} />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {entries.map((entry) => (
                    <Table.Tr key={String(entry.seq)} data-testid="audit-row" data-action={entry.action}>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(entry.at, i18n.language)}</Table.Td>
                      <Table.Td>
                        <Group gap={6} wrap="nowrap">
                          <Badge size="xs" variant="light" color={ACTOR_COLOR[entry.actorType] ?? 'gray'} style={{ flexShrink: 0 }}>
                            {t(`audit.actorTypes.${entry.actorType}`, { defaultValue: entry.actorType })}
                          </Badge>
                          <Text size="sm" truncate maw={240} title={actorLabel(t, entry)}>
                            {actorLabel(t, entry)}
                          </Text>
                        </Group>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" fw={500} data-testid="audit-action-label">
                          {actionLabel(t, entry.action)}
                        </Text>
                        <Text size="xs" c="dimmed" ff="monospace">
                          {entry.action}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        {entry.targetType ? (
                          <Tooltip label={entry.targetId ?? ''} disabled={!entry.targetId}>
                            <Text size="sm">
                              {targetLabel(t, entry.targetType)}
                              {entry.targetId ? (
                                <Text span c="dimmed" ff="monospace" size="xs">
                                  {' '}
                                  {entry.targetId.length > 10 ? `${entry.targetId.slice(0, 8)}…` : entry.targetId}
                                </Text>
                              ) : null}
                            </Text>
                          </Tooltip>
                        ) : (
                          <Text c="dimmed">—</Text>
                        )}
                      </Table.Td>
                      <Table.Td ff="monospace" fz="xs">
                        {entry.ip ?? '—'}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" c={entry.reason ? undefined : 'dimmed'} lineClamp={2}>
                          {entry.reason || '—'}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <ActionIcon variant="subtle" color="gray" aria-label={t('audit.details')} onClick={() => setDetails(entry)}>
                          <IconInfoCircle size={16} />
                        </ActionIcon>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollArea>
          )}
        </Card>

        {audit.hasNextPage ? (
          <Group justify="center">
            <Button variant="default" onClick={() => void audit.fetchNextPage()} loading={audit.isFetchingNextPage} data-testid="audit-load-more">
              {t('audit.loadMore')}
            </Button>
          </Group>
        ) : entries.length > 0 ? (
          <Text size="xs" c="dimmed" ta="center">
            {t('audit.end', { count: entries.length })}
          </Text>
        ) : null}
      </Stack>

      <Modal opened={!!details} onClose={() => setDetails(null)} title={t('audit.details')} size="lg" centered>
        {details ? (
          <Stack gap="xs">
            <DetailRow label="#">{String(details.seq)}</DetailRow>
            <DetailRow label={t('audit.columns.time')}>{formatDateTime(details.at, i18n.language)}</DetailRow>
            <DetailRow label={t('audit.columns.actor')}>
              {details.actorType} · {actorLabel(t, details)} {details.actorId ? <Code fz="xs">{details.actorId}</Code> : null}
            </DetailRow>
            <DetailRow label={t('audit.columns.action')}>
              {actionLabel(t, details.action)} <Code fz="xs">{details.action}</Code>
            </DetailRow>
            <DetailRow label={t('audit.columns.target')}>
              {details.targetType ? targetLabel(t, details.targetType) : '—'} {details.targetId ? <Code fz="xs">{details.targetId}</Code> : null}
            </DetailRow>
            <DetailRow label={t('audit.columns.ip')}>{details.ip ?? '—'}</DetailRow>
            <DetailRow label={t('audit.columns.reason')}>{details.reason || '—'}</DetailRow>
            {details.metadata && Object.keys(details.metadata).length > 0 ? (
              <>
                <Text size="sm" fw={500} mt="xs">
                  {t('audit.metadata')}
                </Text>
                <Code block fz="xs">
                  {JSON.stringify(details.metadata, null, 2)}
                </Code>
              </>
            ) : null}
          </Stack>
        ) : null}
      </Modal>
    </>
  );
}

function DetailRow({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group gap="sm" align="flex-start" wrap="nowrap">
      <Text size="sm" c="dimmed" w={110} style={{ flexShrink: 0 }}>
        {label}
      </Text>
      <Text size="sm" component="div" style={{ wordBreak: 'break-word' }}>
        {children}
      </Text>
    </Group>
  );
}
