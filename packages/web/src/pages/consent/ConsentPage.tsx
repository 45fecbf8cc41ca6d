import { Tabs } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Session } from '../../api/types';
import { PageHeader } from '../../components/PageHeader';
import { navigate, useSearchParam, withSearchParam } from '../../router';
import { NoticeTab } from './NoticeTab';
import { PurposesTab } from './PurposesTab';
import { ReportsTab } from './ReportsTab';

const TABS = ['purposes', 'notice', 'reports'] as const;

/** Purposes and legal bases, the privacy notice, and the consent ledger with its reports. */
export function ConsentPage({ session }: { session: Session }) {
  const { t } = useTranslation();
  const param = useSearchParam('tab');
  const tab = (TABS as readonly string[]).includes(param ?? '') ? param! : 'purposes';
  const canManage = session.permissions.includes('consent:manage');
  return (
    <>
      <PageHeader title={t('consent.title')} description={t('consent.description')} />
      <Tabs value={tab} onChange={(v) => v && navigate(withSearchParam('tab', v), { replace: true })} keepMounted={false}>
        <Tabs.List mb="md">
          {TABS.map((k) => (
            <Tabs.Tab key={k} value={k} data-testid={`consent-tab-${k}`}>
              {t(`consent.tabs.${k}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="purposes">
          <PurposesTab canManage={canManage} />
        </Tabs.Panel>
        <Tabs.Panel value="notice">
          <NoticeTab canManage={canManage} />
        </Tabs.Panel>
        <Tabs.Panel value="reports">
          <ReportsTab canManage={canManage} />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
