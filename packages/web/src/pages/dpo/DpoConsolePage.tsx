import { Badge, Tabs } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Session } from '../../api/types';
import { PageHeader } from '../../components/PageHeader';
import { navigate, useSearchParam, withSearchParam } from '../../router';
import { AlertsTab } from './AlertsTab';
import { IncidentsTab } from './IncidentsTab';
import { OverviewTab } from './OverviewTab';
import { RulesTab } from './RulesTab';
import { useDpoFeed } from './useDpoFeed';

const TABS = ['overview', 'alerts', 'rules', 'incidents'] as const;

/** The DPO's console: live alerts, watch rules, the incident register and charts. */
export function DpoConsolePage({ session }: { session: Session }) {
  const { t } = useTranslation();
  const feed = useDpoFeed();
  const param = useSearchParam('tab');
  const tabs = TABS.filter((k) => k !== 'incidents' || session.permissions.includes('incidents:read'));
  const tab = (tabs as readonly string[]).includes(param ?? '') ? param! : 'alerts';
  const poll = feed === 'live' ? false : 5_000;
  return (
    <>
      <PageHeader
        title={t('dpo.title')}
        description={t('dpo.description')}
        actions={
          <Badge color={feed === 'live' ? 'teal' : 'gray'} variant="light" data-testid="dpo-feed">
            {feed === 'live' ? t('dpo.live') : t('dpo.polling')}
          </Badge>
        }
      />
      <Tabs value={tab} onChange={(v) => v && navigate(withSearchParam('tab', v), { replace: true })} keepMounted={false}>
        <Tabs.List mb="md">
          {tabs.map((k) => (
            <Tabs.Tab key={k} value={k} data-testid={`dpo-tab-${k}`}>
              {t(`dpo.tabs.${k}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="overview">
          <OverviewTab session={session} poll={poll} />
        </Tabs.Panel>
        <Tabs.Panel value="alerts">
          <AlertsTab session={session} poll={poll} />
        </Tabs.Panel>
        <Tabs.Panel value="rules">
          <RulesTab session={session} />
        </Tabs.Panel>
        <Tabs.Panel value="incidents">
          <IncidentsTab session={session} poll={poll} />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
