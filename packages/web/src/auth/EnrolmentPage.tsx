import { Anchor, Group, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { Session } from '../api/types';
import { navigate } from '../router';
import { AuthLayout } from './AuthLayout';
import { refreshSession } from './session';
import { TotpEnrolment } from './TotpEnrolment';

/** Forced enrolment: the session is `mfa_enrolment_required` and can do nothing else until 2FA is on. */
export function EnrolmentPage({ session }: { session: Session }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const logout = useMutation({
    mutationFn: () => api('/api/v1/auth/logout', { method: 'POST' }),
    onSettled: async () => {
      await refreshSession(queryClient);
      navigate('/login', { replace: true });
    },
  });

  return (
    <AuthLayout
      title={t('enrol.forcedTitle')}
      subtitle={t('enrol.forcedSubtitle', { role: t(`roles.${session.user.role}`), org: session.organization.name })}
      width={640}
    >
      <TotpEnrolment
        autoStart
        onFinished={async () => {
          await refreshSession(queryClient);
          navigate('/', { replace: true });
        }}
      />
      <Group justify="space-between" mt="xl">
        <Text size="xs" c="dimmed">
          {t('enrol.signedInAs', { email: session.user.email })}
        </Text>
        <Anchor component="button" type="button" size="sm" c="dimmed" onClick={() => logout.mutate()} data-testid="enrol-logout">
          {t('shell.logout')}
        </Anchor>
      </Group>
    </AuthLayout>
  );
}
