import { BarChart } from '@mantine/charts';
import { Card, Group, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ErrorState } from '../../components/States';
import { dpoKeys } from './api';

interface RequestStats {
  openByDaysLeft: Array<{ bucket: string; count: number }>;
  answeredPerWeek: Array<{ week: string; onTime: number; late: number }>;
  open: number;
  overdue: number;
}

/**
 * Data-subject requests against their legal deadlines (LGPD Art. 19, GDPR Art. 12(3)): the open ones
 * by days left, overdue first, and the answers of the last eight weeks on time or late. Counts only.
 */
export function RequestDeadlineCharts({ poll }: { poll: number | false }) {
  const { t } = useTranslation();
  const stats = useQuery({ queryKey: [...dpoKeys.all, 'request-stats'], queryFn: () => api<RequestStats>('/api/v1/data-subject-requests/stats?weeks=8'), refetchInterval: poll });
  if (stats.isError) return <ErrorState error={stats.error} onRetry={() => void stats.refetch()} />;
  if (!stats.data) return null;
  const s = stats.data;
  const overdue = t('dpo.overview.requestsBucket.overdue');
  const soon = t('dpo.overview.requestsBucket.0-2');
  const later = t('dpo.overview.requestsLater');
  // One series per urgency, so overdue bars are red and the ones about to be due orange.
  const open = s.openByDaysLeft.map((b) => ({
    bucket: t(`dpo.overview.requestsBucket.${b.bucket}`),
    [overdue]: b.bucket === 'overdue' ? b.count : 0,
    [soon]: b.bucket === '0-2' ? b.count : 0,
    [later]: b.bucket !== 'overdue' && b.bucket !== '0-2' ? b.count : 0,
  }));
  const onTime = t('dpo.overview.requestsOnTime');
  const late = t('dpo.overview.requestsLate');
  const answered = s.answeredPerWeek.map((w) => ({ week: w.week.slice(5), [onTime]: w.onTime, [late]: w.late }));
  const card = (testId: string, title: string, empty: boolean, chart: React.ReactNode, extra?: React.ReactNode) => (
    <Card withBorder radius="md" data-testid={testId}>
      <Group justify="space-between" mb="sm" align="baseline">
        <Title order={5}>{title}</Title>
        {extra}
      </Group>
      {empty ? (
        <Text size="sm" c="dimmed">
          {t('dpo.overview.none')}
        </Text>
      ) : (
        chart
      )}
    </Card>
  );
  return (
    <>
      {card(
        'dpo-chart-requests-open',
        t('dpo.overview.requestsOpen'),
        s.open === 0,
        <BarChart
          h={220}
          data={open}
          dataKey="bucket"
          type="stacked"
          withLegend
          series={[
            { name: overdue, color: 'red.6' },
            { name: soon, color: 'orange.6' },
            { name: later, color: 'teal.6' },
          ]}
        />,
        <Text size="sm" c={s.overdue ? 'red' : 'dimmed'} data-testid="dpo-requests-summary">
          {t('dpo.overview.requestsSummary', { open: s.open, overdue: s.overdue })}
        </Text>,
      )}
      {card(
        'dpo-chart-requests-answered',
        t('dpo.overview.requestsAnswered'),
        s.answeredPerWeek.every((w) => !w.onTime && !w.late),
        <BarChart
          h={220}
          data={answered}
          dataKey="week"
          type="stacked"
          withLegend
          series={[
            { name: onTime, color: 'teal.6' },
            { name: late, color: 'red.6' },
          ]}
        />,
      )}
    </>
  );
}
