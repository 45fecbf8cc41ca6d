import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import { Alert, Card, SimpleGrid, Text, Title } from '@mantine/core';
import { IconMail, IconMailOff } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Session } from '../../api/types';
import { ErrorState, LoadingState } from '../../components/States';
import { CLOCK_COLOR, dpoKeys, SEVERITIES, SEVERITY_COLOR, type MonitoringSettings } from './api';
import { RequestDeadlineCharts } from './RequestDeadlineCharts';

interface Stats {
  alertsPerDay: Array<{ day: string; low: number; medium: number; high: number; critical: number }>;
  alertsPerRule: Array<{ rule: string; total: number; open: number }>;
  revealsPerAgent: Array<{ agent: string; count: number }> | null;
  incidentsByClock: Array<{ state: string; count: number }> | null;
}

export function EmailStatus({ settings }: { settings: MonitoringSettings }) {
  const { t } = useTranslation();
  return settings.email.configured ? (
    <Alert color="teal" variant="light" icon={<IconMail size={18} />} data-testid="dpo-email-status">
      {t('dpo.email.on', { severity: t(`dpo.severity.${settings.emailMinSeverity}`), webhook: t(`dpo.severity.${settings.webhookMinSeverity}`) })}
    </Alert>
  ) : (
    <Alert color="yellow" variant="light" icon={<IconMailOff size={18} />} data-testid="dpo-email-status">
      {t('dpo.email.off')}
    </Alert>
  );
}

function ChartCard({ title, empty, children, testId }: { title: string; empty: boolean; children: React.ReactNode; testId: string }) {
  const { t } = useTranslation();
  return (
    <Card withBorder radius="md" data-testid={testId}>
      <Title order={5} mb="sm">
        {title}
      </Title>
      {empty ? (
        <Text size="sm" c="dimmed">
          {t('dpo.overview.none')}
        </Text>
      ) : (
        children
      )}
    </Card>
  );
}

/** Charts: alerts per day and severity, per rule, reveals per agent, incidents and data-subject requests against deadlines. */
export function OverviewTab({ session, poll }: { session: Session; poll: number | false }) {
  const { t } = useTranslation();
  const stats = useQuery({ queryKey: dpoKeys.stats, queryFn: () => api<Stats>('/api/v1/monitoring/stats?days=30'), refetchInterval: poll });
  const settings = useQuery({ queryKey: dpoKeys.settings, queryFn: () => api<MonitoringSettings>('/api/v1/monitoring/settings') });
  if (stats.isPending) return <LoadingState />;
  if (stats.isError) return <ErrorState error={stats.error} onRetry={() => void stats.refetch()} />;
  const s = stats.data;
  const perDay = s.alertsPerDay.map((d) => ({ day: d.day.slice(5), ...Object.fromEntries(SEVERITIES.map((k) => [t(`dpo.severity.${k}`), d[k]])) }));
  return (
    <>
      {settings.data ? <EmailStatus settings={settings.data} /> : null}
      <SimpleGrid cols={{ base: 1, md: 2 }} mt="md">
        <ChartCard title={t('dpo.overview.perDay')} empty={s.alertsPerDay.every((d) => !d.low && !d.medium && !d.high && !d.critical)} testId="dpo-chart-per-day">
          <BarChart h={220} data={perDay} dataKey="day" type="stacked" withLegend series={SEVERITIES.map((k) => ({ name: t(`dpo.severity.${k}`), color: `${SEVERITY_COLOR[k]}.6` }))} />
        </ChartCard>
        <ChartCard title={t('dpo.overview.perRule')} empty={!s.alertsPerRule.length} testId="dpo-chart-per-rule">
          <BarChart
            h={220}
            data={s.alertsPerRule.map((r) => ({ rule: r.rule.length > 32 ? `${r.rule.slice(0, 31)}…` : r.rule, [t('dpo.overview.open')]: r.open, [t('dpo.overview.total')]: r.total - r.open }))}
            dataKey="rule"
            type="stacked"
            orientation="vertical"
            yAxisProps={{ width: 170 }}
            series={[
              { name: t('dpo.overview.open'), color: 'orange.6' },
              { name: t('dpo.overview.total'), color: 'gray.4' },
            ]}
          />
        </ChartCard>
        {s.revealsPerAgent ? (
          <ChartCard title={t('dpo.overview.reveals')} empty={!s.revealsPerAgent.length} testId="dpo-chart-reveals">
            <BarChart h={220} data={s.revealsPerAgent.map((r) => ({ agent: r.agent, [t('dpo.overview.count')]: r.count }))} dataKey="agent" series={[{ name: t('dpo.overview.count'), color: 'blue.6' }]} />
          </ChartCard>
        ) : null}
        {s.incidentsByClock ? (
          <ChartCard title={t('dpo.overview.incidents')} empty={!s.incidentsByClock.length} testId="dpo-chart-incidents">
            <BarChart
              h={220}
              data={[Object.fromEntries([['x', ''], ...s.incidentsByClock.map((c) => [t(`dpo.incidents.clockState.${c.state}`), c.count])])]}
              dataKey="x"
              type="stacked"
              orientation="vertical"
              withLegend
              series={s.incidentsByClock.map((c) => ({ name: t(`dpo.incidents.clockState.${c.state}`), color: `${CLOCK_COLOR[c.state] ?? 'gray'}.6` }))}
            />
          </ChartCard>
        ) : null}
        {session.permissions.includes('requests:read') ? <RequestDeadlineCharts poll={poll} /> : null}
      </SimpleGrid>
    </>
  );
}
