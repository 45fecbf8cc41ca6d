import '@mantine/core/styles.css';
import '@mantine/dates/styles.css';
import '@mantine/notifications/styles.css';

import { createTheme, MantineProvider } from '@mantine/core';
import { DatesProvider } from '@mantine/dates';
import { Notifications } from '@mantine/notifications';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { useTranslation } from 'react-i18next';
import { ApiError } from './api/client';
import { App } from './App';
import { sessionKey } from './auth/session';
import { dayjsLocale } from './components/format';
import './i18n';

const theme = createTheme({
  primaryColor: 'blue',
  defaultRadius: 'md',
  fontFamily: 'Inter, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: '650' },
});

// A 401 or an "MFA pending" 403 anywhere means the session changed under us (expired, revoked,
// signed out in another tab): re-read it so App shows the right screen instead of an error.
function onAnyError(err: unknown) {
  if (!(err instanceof ApiError)) return;
  if (err.status === 401 || (err.status === 403 && (err.kind === 'mfa-required' || err.kind === 'mfa-enrolment-required'))) {
    void queryClient.invalidateQueries({ queryKey: sessionKey });
  }
}

const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError: (err, query) => query.queryKey[0] !== sessionKey[0] && onAnyError(err) }),
  // Wrong credentials at login are 401 too; re-reading the session then changes nothing, so no exception is needed.
  mutationCache: new MutationCache({ onError: onAnyError }),
  defaultOptions: {
    queries: {
      // 4xx answers are decisions, not glitches: retry only network and server errors.
      retry: (count, err) => count < 2 && !(err instanceof ApiError && err.status < 500),
      refetchOnWindowFocus: false,
    },
  },
});

function LocalisedDates({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  return <DatesProvider settings={{ locale: dayjsLocale(i18n.language), firstDayOfWeek: i18n.language === 'en' ? 0 : 1 }}>{children}</DatesProvider>;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="light">
      <Notifications position="bottom-right" limit={4} />
      <QueryClientProvider client={queryClient}>
        <LocalisedDates>
          <App />
        </LocalisedDates>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
