import { Center, Loader } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Session } from './api/types';
import { EnrolmentPage } from './auth/EnrolmentPage';
import { LoginPage } from './auth/LoginPage';
import { useSession, useSetupStatus } from './auth/session';
import { SetupPage } from './auth/SetupPage';
import { ErrorState } from './components/States';
import { AllowlistPage } from './pages/AllowlistPage';
import { AuditPage } from './pages/AuditPage';
import { ChannelsPage } from './pages/ChannelsPage';
import { ConsentPage } from './pages/consent/ConsentPage';
import { RequestsPage } from './pages/requests/RequestsPage';
import { InboxPage } from './pages/inbox/InboxPage';
import { DpoConsolePage } from './pages/dpo/DpoConsolePage';
import { OrganizationPage } from './pages/OrganizationPage';
import { SecurityPage } from './pages/SecurityPage';
import { TokensPage } from './pages/TokensPage';
import { UsersPage } from './pages/UsersPage';
import { WebhooksPage } from './pages/WebhooksPage';
import { navigate, usePathname } from './router';
import { AppLayout } from './shell/AppLayout';
import { NAV_ITEMS, navItemAllowed } from './shell/nav';

function FullPageLoader() {
  return (
    <Center h="100vh">
      <Loader />
    </Center>
  );
}

function FullPageError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  return (
    <Center h="100vh" p="md">
      <div style={{ maxWidth: 480, width: '100%' }}>
        <ErrorState error={error} onRetry={onRetry} />
      </div>
    </Center>
  );
}

/** Which screen to show follows the server's state: setup needed, signed out, 2FA pending, or the app. */
export function App() {
  const setup = useSetupStatus();
  const setupNeeded = setup.data?.needed === true;
  const session = useSession(setup.isSuccess && !setupNeeded);
  const [lastEmail, setLastEmail] = useState<string | undefined>();
  const pathname = usePathname();

  useEffect(() => {
    if (setupNeeded && pathname !== '/setup') navigate('/setup', { replace: true });
  }, [setupNeeded, pathname]);

  if (setup.isPending) return <FullPageLoader />;
  if (setup.isError) return <FullPageError error={setup.error} onRetry={() => void setup.refetch()} />;
  if (setupNeeded) return <SetupPage onDone={setLastEmail} />;

  if (session.isPending) return <FullPageLoader />;
  if (session.isError) return <FullPageError error={session.error} onRetry={() => void session.refetch()} />;

  const current = session.data;
  if (!current) return <SignedOut email={lastEmail} />;
  if (current.status === 'mfa_required') return <LoginPage mfaStep />;
  if (current.status === 'mfa_enrolment_required') return <EnrolmentPage session={current} />;
  return <SignedIn session={current} />;
}

function SignedOut({ email }: { email?: string }) {
  const pathname = usePathname();
  // Deep links survive sign-in: only the public paths are rewritten to /login.
  useEffect(() => {
    if (pathname === '/' || pathname === '/setup') navigate('/login', { replace: true });
  }, [pathname]);
  return <LoginPage mfaStep={false} initialEmail={email} />;
}

function SignedIn({ session }: { session: Session }) {
  const { t } = useTranslation();
  const pathname = usePathname();
  const allowed = NAV_ITEMS.filter((item) => navItemAllowed(item, session.permissions));
  // Agents land in the inbox; roles without it (none today) on the audit log, then the first page they may see.
  // The DPO (who watches rather than replies) lands in the DPO console.
  const dpoHome = session.permissions.includes('alerts:manage') && !session.permissions.includes('conversations:reply') ? '/dpo' : undefined;
  const home = dpoHome ?? allowed.find((item) => item.path === '/inbox')?.path ?? allowed.find((item) => item.path === '/audit')?.path ?? allowed[0]?.path ?? '/security';
  const known = pathname === '/security' || allowed.some((item) => item.path === pathname);

  useEffect(() => {
    if (!known) navigate(home, { replace: true });
  }, [known, home]);

  useEffect(() => {
    const item = NAV_ITEMS.find((i) => i.path === pathname);
    const title = item ? t(item.labelKey) : pathname === '/security' ? t('shell.security') : '';
    document.title = title ? `${title} · Sigilo` : 'Sigilo';
  }, [pathname, t]);

  let page;
  switch (known ? pathname : home) {
    case '/inbox':
      page = <InboxPage session={session} />;
      break;
    case '/dpo':
      page = <DpoConsolePage session={session} />;
      break;
    case '/channels':
      page = <ChannelsPage />;
      break;
    case '/webhooks':
      page = <WebhooksPage />;
      break;
    case '/users':
      page = <UsersPage session={session} />;
      break;
    case '/tokens':
      page = <TokensPage session={session} />;
      break;
    case '/allowlist':
      page = <AllowlistPage />;
      break;
    case '/organization':
      page = <OrganizationPage session={session} />;
      break;
    case '/audit':
      page = <AuditPage />;
      break;
    case '/consent':
      page = <ConsentPage session={session} />;
      break;
    case '/requests':
      page = <RequestsPage session={session} />;
      break;
    default:
      page = <SecurityPage session={session} />;
  }
  return <AppLayout session={session}>{page}</AppLayout>;
}
