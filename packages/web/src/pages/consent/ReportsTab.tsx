import '@mantine/charts/styles.css';
import { AreaChart, BarChart } from '@mantine/charts';
import { Alert, Anchor, Badge, Button, Card, Checkbox, Group, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconShieldCheck } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { notifyError, notifySuccess } from '../../components/feedback';
import { formatDateTime } from '../../components/format';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { consentKeys, purposeName, STATUS_COLOR, type LedgerEvent, type Purpose, type RatePoint } from './types';

const STATES = ['given', 'renewal_needed', 'expired', 'refused', 'withdrawn', 'none'] as const;

function Summary({ purposes }: { purposes: Purpose[] }) {
  const { t, i18n } = useTranslation();
  const summary = useQuery({ queryKey: consentKeys.summary, queryFn: () => api<{ items: Array<{ purposeKey: string; counts: Record<string, number> }> }>('/api/v1/consent/reports/summary') });
  if (summary.isPending) return <LoadingState />;
  if (summary.isError) return <ErrorState error={summary.error} onRetry={() => void summary.refetch()} />;
  const data = summary.data.items.map((s) => {
    const p = purposes.find((x) => x.key === s.purposeKey);
    return { purpose: p ? purposeName(p, i18n.language) : s.purposeKey, ...Object.fromEntries(STATES.map((k) => [t(`consent.status.${k}`), s.counts[k] ?? 0])) };
  });
  return (
    <Card withBorder radius="md" data-testid="consent-summary">
      <Title order={5} mb="sm">
        {t('consent.reports.summary')}
      </Title>
      <BarChart
        h={240}
        data={data}
        dataKey="purpose"
        type="stacked"
        orientation="vertical"
        yAxisProps={{ width: 140 }}
        withLegend
        series={STATES.map((k) => ({ name: t(`consent.status.${k}`), color: `${STATUS_COLOR[k]}.${k === 'none' ? 3 : 6}` }))}
      />
    </Card>
  );
}

function Rates({ purposes }: { purposes: Purpose[] }) {
  const { t, i18n } = useTranslation();
  const [purpose, setPurpose] = useState<string | null>(null);
  const [channel, setChannel] = useState<string | null>(null);
  const rates = useQuery({ queryKey: consentKeys.rates, queryFn: () => api<{ items: RatePoint[] }>('/api/v1/consent/reports/rates?bucket=day') });
  const series = useMemo(() => {
    const byDay = new Map<string, { date: string; given: number; refused: number; withdrawn: number }>();
    for (const p of rates.data?.items ?? []) {
      if (purpose && p.purposeKey !== purpose) continue;
      if (channel && p.channel !== channel) continue;
      const d = byDay.get(p.bucket) ?? { date: p.bucket, given: 0, refused: 0, withdrawn: 0 };
      d.given += p.given + p.renewed;
      d.refused += p.refused;
      d.withdrawn += p.withdrawn + p.expired;
      byDay.set(p.bucket, d);
    }
    return [...byDay.values()].sort((a, b) => a.date.localeCompare(b.date));
  }, [rates.data, purpose, channel]);
  if (rates.isPending) return <LoadingState />;
  if (rates.isError) return <ErrorState error={rates.error} onRetry={() => void rates.refetch()} />;
  const channels = [...new Set(rates.data.items.map((p) => p.channel))];
  const totals = series.reduce((a, d) => ({ given: a.given + d.given, refused: a.refused + d.refused, withdrawn: a.withdrawn + d.withdrawn }), { given: 0, refused: 0, withdrawn: 0 });
  const asked = totals.given + totals.refused;
  return (
    <Card withBorder radius="md" data-testid="consent-rates">
      <Group justify="space-between" mb="sm" align="flex-end">
        <Title order={5}>{t('consent.reports.rates')}</Title>
        <Group gap="xs">
          <Select size="xs" label={t('consent.reports.purpose')} placeholder={t('consent.reports.all')} clearable data={purposes.filter((p) => p.requiresConsent).map((p) => ({ value: p.key, label: purposeName(p, i18n.language) }))} value={purpose} onChange={setPurpose} />
          <Select size="xs" label={t('consent.reports.channel')} placeholder={t('consent.reports.all')} clearable data={channels} value={channel} onChange={setChannel} />
        </Group>
      </Group>
      {series.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('consent.reports.noEvents')}
        </Text>
      ) : (
        <>
          <Group gap="md" mb="xs">
            <Badge variant="light" color="teal" tt="none">
              {t('consent.reports.given')}: {totals.given} {asked ? `(${Math.round((totals.given / asked) * 100)}%)` : ''}
            </Badge>
            <Badge variant="light" color="gray" tt="none">
              {t('consent.reports.refused')}: {totals.refused}
            </Badge>
            <Badge variant="light" color="orange" tt="none">
              {t('consent.reports.withdrawn')}: {totals.withdrawn}
            </Badge>
          </Group>
          <AreaChart
            h={240}
            data={series}
            dataKey="date"
            withLegend
            curveType="monotone"
            series={[
              { name: 'given', label: t('consent.reports.given'), color: 'teal.6' },
              { name: 'refused', label: t('consent.reports.refused'), color: 'gray.5' },
              { name: 'withdrawn', label: t('consent.reports.withdrawn'), color: 'orange.6' },
            ]}
          />
        </>
      )}
    </Card>
  );
}

function Lacking({ purposes, canManage }: { purposes: Purpose[]; canManage: boolean }) {
  const { t, i18n } = useTranslation();
  const consentPurposes = purposes.filter((p) => p.requiresConsent && p.active);
  const [purpose, setPurpose] = useState<string>(consentPurposes.find((p) => p.key === 'marketing')?.key ?? consentPurposes[0]?.key ?? '');
  const [selected, setSelected] = useState<string[]>([]);
  const lacking = useQuery({
    queryKey: consentKeys.lacking(purpose),
    queryFn: () => api<{ items: Array<{ contactId: string; displayName: string; status: string; lastEventAt: string | null; lastChannel: string | null }> }>(`/api/v1/consent/reports/lacking?purpose=${encodeURIComponent(purpose)}`),
    enabled: !!purpose,
  });
  const ask = useMutation({
    mutationFn: () => api<{ items: Array<{ contactId: string; outcome: string }> }>('/api/v1/consent/re-requests', { method: 'POST', body: { purpose, contactIds: selected } }),
    onSuccess: (r) => {
      const n = (o: string) => r.items.filter((i) => i.outcome === o).length;
      notifySuccess(t('consent.reports.reRequested', { sent: n('sent'), next: n('next_visit'), other: n('no_channel') + n('outside_window'), restricted: n('restricted') }));
      setSelected([]);
    },
    onError: (err) => notifyError(t, err),
  });
  if (!consentPurposes.length) return null;
  const items = lacking.data?.items ?? [];
  return (
    <Card withBorder radius="md" data-testid="consent-lacking">
      <Group justify="space-between" align="flex-end" mb="xs">
        <Stack gap={2}>
          <Title order={5}>{t('consent.reports.lacking')}</Title>
          <Text size="xs" c="dimmed">
            {t('consent.reports.lackingHelp')}
          </Text>
        </Stack>
        <Group gap="xs" align="flex-end">
          <Select size="xs" data={consentPurposes.map((p) => ({ value: p.key, label: purposeName(p, i18n.language) }))} value={purpose} onChange={(v) => { if (v) { setPurpose(v); setSelected([]); } }} allowDeselect={false} aria-label={t('consent.reports.purpose')} />
          {canManage ? (
            <Button size="xs" disabled={!selected.length} loading={ask.isPending} onClick={() => ask.mutate()} data-testid="consent-rerequest">
              {t('consent.reports.reRequest')}
            </Button>
          ) : null}
        </Group>
      </Group>
      {lacking.isPending ? (
        <LoadingState />
      ) : lacking.isError ? (
        <ErrorState error={lacking.error} onRetry={() => void lacking.refetch()} />
      ) : items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('consent.reports.noneLacking')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={500} mah={320}>
          <Table verticalSpacing={4} fz="sm">
            <Table.Tbody>
              {items.map((c) => (
                <Table.Tr key={c.contactId}>
                  <Table.Td w={30}>
                    {canManage ? (
                      <Checkbox
                        aria-label={c.displayName || c.contactId}
                        checked={selected.includes(c.contactId)}
                        onChange={(e) => {
                          const on = e.currentTarget.checked;
                          setSelected((s) => (on ? [...s, c.contactId] : s.filter((x) => x !== c.contactId)));
                        }}
                      />
                    ) : null}
                  </Table.Td>
                  <Table.Td>{c.displayName || c.contactId.slice(0, 8)}</Table.Td>
                  <Table.Td>
                    <Badge size="sm" variant="light" color={STATUS_COLOR[c.status] ?? 'gray'} tt="none">
                      {t(`consent.status.${c.status}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{c.lastChannel ?? '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}

function Ledger() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const ledger = useQuery({ queryKey: consentKeys.ledger(null), queryFn: () => api<{ items: LedgerEvent[] }>('/api/v1/consent/ledger?limit=100') });
  const [verified, setVerified] = useState<{ events: number; intact: boolean; broken: { seq: number; problem: string } | null } | null>(null);
  const verify = useMutation({
    mutationFn: () => api<{ events: number; intact: boolean; broken: { seq: number; problem: string } | null }>('/api/v1/consent/ledger/verify'),
    onSuccess: (r) => {
      setVerified(r);
      void queryClient.invalidateQueries({ queryKey: consentKeys.ledger(null) });
    },
    onError: (err) => notifyError(t, err),
  });
  return (
    <Card withBorder radius="md" data-testid="consent-ledger">
      <Group justify="space-between" mb="sm">
        <Title order={5}>{t('consent.reports.ledger')}</Title>
        <Button size="xs" variant="light" leftSection={<IconShieldCheck size={14} />} onClick={() => verify.mutate()} loading={verify.isPending} data-testid="consent-verify">
          {t('consent.reports.verify')}
        </Button>
      </Group>
      {verified ? (
        <Alert color={verified.intact ? 'teal' : 'red'} mb="sm" data-testid="consent-verify-result">
          {verified.intact ? t('consent.reports.intact', { events: verified.events }) : t('consent.reports.broken', { seq: verified.broken?.seq, problem: verified.broken?.problem })}
        </Alert>
      ) : null}
      {ledger.isPending ? (
        <LoadingState />
      ) : ledger.isError ? (
        <ErrorState error={ledger.error} onRetry={() => void ledger.refetch()} />
      ) : ledger.data.items.length === 0 ? (
        <EmptyState title={t('consent.contact.noHistory')} />
      ) : (
        <Table.ScrollContainer minWidth={800}>
          <Table verticalSpacing={4} fz="xs">
            <Table.Thead>
              <Table.Tr>
                {(['when', 'contact', 'purpose', 'event', 'channel', 'method', 'notice', 'receipt'] as const).map((c) => (
                  <Table.Th key={c}>{t(`consent.reports.columns.${c}`)}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {ledger.data.items.map((e) => (
                <Table.Tr key={e.id} data-testid="ledger-row">
                  <Table.Td>{formatDateTime(e.at, i18n.language)}</Table.Td>
                  <Table.Td>
                    <Text size="xs" ff="monospace" title={e.contactId}>
                      {e.contactId.slice(0, 8)}
                    </Text>
                  </Table.Td>
                  <Table.Td>{e.purposeKey}</Table.Td>
                  <Table.Td>
                    <Badge size="xs" variant="light" color={STATUS_COLOR[e.event] ?? 'gray'} tt="none">
                      {t(`consent.event.${e.event}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{e.channel}</Table.Td>
                  <Table.Td>{t(`consent.method.${e.method}`, { defaultValue: e.method })}</Table.Td>
                  <Table.Td>v{e.noticeVersion}</Table.Td>
                  <Table.Td>
                    <Anchor href={e.receiptUrl} target="_blank" rel="noopener" size="xs">
                      {t('consent.reports.open')}
                    </Anchor>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}

export function ReportsTab({ canManage }: { canManage: boolean }) {
  const purposes = useQuery({ queryKey: consentKeys.purposes, queryFn: () => api<{ items: Purpose[] }>('/api/v1/consent/purposes') });
  if (purposes.isPending) return <LoadingState />;
  if (purposes.isError) return <ErrorState error={purposes.error} onRetry={() => void purposes.refetch()} />;
  return (
    <Stack gap="lg">
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Summary purposes={purposes.data.items} />
        <Rates purposes={purposes.data.items} />
      </SimpleGrid>
      <Lacking purposes={purposes.data.items} canManage={canManage} />
      <Ledger />
    </Stack>
  );
}
