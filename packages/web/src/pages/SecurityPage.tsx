import { Alert, Badge, Button, Card, Group, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconAlertTriangle, IconInfoCircle } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api/client';
import type { Organization, Session } from '../api/types';
import { refreshSession } from '../auth/session';
import { TotpEnrolment } from '../auth/TotpEnrolment';
import { formErrors, notifySuccess } from '../components/feedback';
import { PageHeader } from '../components/PageHeader';

export function SecurityPage({ session }: { session: Session }) {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('security.title')} description={t('security.description')} />
      <Stack gap="lg">
        <TwoFactorCard session={session} />
        <PasswordCard />
      </Stack>
    </>
  );
}

function TwoFactorCard({ session }: { session: Session }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [enrolling, setEnrolling] = useState(false);
  const canReadOrg = session.permissions.includes('org:read');
  const org = useQuery({
    queryKey: ['organization'],
    queryFn: () => api<Organization>('/api/v1/organization'),
    enabled: canReadOrg,
  });
  const required = org.data?.require2faRoles.includes(session.user.role) ?? false;
  const enabled = session.user.totpEnabled;

  return (
    <Card withBorder radius="md" padding="lg" data-testid="twofactor-card">
      <Group justify="space-between" mb="xs">
        <Title order={4}>{t('security.twoFactor')}</Title>
        <Badge color={enabled ? 'teal' : 'gray'} variant="light" data-testid="twofactor-status">
          {enabled ? t('security.enabled') : t('security.disabled')}
        </Badge>
      </Group>
      <Text size="sm" c="dimmed" mb="md">
        {t('security.twoFactorHelp')}
      </Text>
      {enabled ? (
        required ? (
          <Alert variant="light" color="blue" icon={<IconInfoCircle size={18} />}>
            {t('security.requiredForRole', { role: t(`roles.${session.user.role}`) })}
          </Alert>
        ) : (
          <DisableTwoFactor />
        )
      ) : enrolling ? (
        <TotpEnrolment
          autoStart
          onCancel={() => setEnrolling(false)}
          onFinished={async () => {
            setEnrolling(false);
            notifySuccess(t('security.enabledNotice'));
            await refreshSession(queryClient);
          }}
        />
      ) : (
        <Button onClick={() => setEnrolling(true)} data-testid="twofactor-setup">
          {t('security.setUp')}
        </Button>
      )}
    </Card>
  );
}

function DisableTwoFactor() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<Partial<Record<'password' | 'code' | 'form', string>>>({});

  const disable = useMutation({
    mutationFn: () => api('/api/v1/auth/2fa/disable', { method: 'POST', body: { password, code } }),
    onSuccess: async () => {
      notifySuccess(t('security.disabledNotice'));
      setPassword('');
      setCode('');
      setErrors({});
      await refreshSession(queryClient);
    },
    onError: (err) => {
      if (err instanceof ApiError && err.status === 401 && !err.problem.errors?.length) setErrors({ form: err.problem.detail || t('security.wrongPasswordOrCode') });
      else setErrors(formErrors(t, err, ['password', 'code'] as const));
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const local: typeof errors = {};
    if (!password) local.password = t('validation.required');
    if (!/^\d{6}$/.test(code)) local.code = t('mfa.errors.sixDigits');
    setErrors(local);
    if (Object.keys(local).length === 0) disable.mutate();
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm" maw={420}>
        <Text size="sm" fw={500}>
          {t('security.disableTitle')}
        </Text>
        {errors.form ? (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />}>
            {errors.form}
          </Alert>
        ) : null}
        <PasswordInput label={t('fields.password')} value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={errors.password} autoComplete="current-password" />
        <TextInput
          label={t('mfa.code')}
          value={code}
          onChange={(e) => setCode(e.currentTarget.value.replace(/\D/g, '').slice(0, 6))}
          error={errors.code}
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          w={200}
        />
        <Group>
          <Button type="submit" color="red" variant="light" loading={disable.isPending} data-testid="twofactor-disable">
            {t('security.disable')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function PasswordCard() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<Partial<Record<'currentPassword' | 'newPassword' | 'confirm' | 'form', string>>>({});

  const change = useMutation({
    mutationFn: () => api('/api/v1/auth/password', { method: 'POST', body: { currentPassword, newPassword } }),
    onSuccess: async () => {
      notifySuccess(t('security.passwordChanged'));
      setCurrent('');
      setNew('');
      setConfirm('');
      setErrors({});
      await refreshSession(queryClient);
    },
    onError: (err) => {
      if (err instanceof ApiError && err.status === 401 && !err.problem.errors?.length) setErrors({ currentPassword: t('security.wrongCurrentPassword') });
      else setErrors(formErrors(t, err, ['currentPassword', 'newPassword'] as const));
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const local: typeof errors = {};
    if (!currentPassword) local.currentPassword = t('validation.required');
    if (!newPassword) local.newPassword = t('validation.required');
    if (newPassword !== confirm) local.confirm = t('validation.passwordsDiffer');
    setErrors(local);
    if (Object.keys(local).length === 0) change.mutate();
  };

  return (
    <Card withBorder radius="md" padding="lg">
      <Title order={4} mb="xs">
        {t('security.changePassword')}
      </Title>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm" maw={420}>
          {errors.form ? (
            <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />}>
              {errors.form}
            </Alert>
          ) : null}
          <PasswordInput label={t('security.currentPassword')} value={currentPassword} onChange={(e) => setCurrent(e.currentTarget.value)} error={errors.currentPassword} autoComplete="current-password" data-testid="password-current" />
          <PasswordInput
            label={t('security.newPassword')}
            description={t('setup.passwordHelp')}
            value={newPassword}
            onChange={(e) => setNew(e.currentTarget.value)}
            error={errors.newPassword}
            autoComplete="new-password"
            data-testid="password-new"
          />
          <PasswordInput label={t('fields.confirmPassword')} value={confirm} onChange={(e) => setConfirm(e.currentTarget.value)} error={errors.confirm} autoComplete="new-password" data-testid="password-confirm" />
          <Group>
            <Button type="submit" loading={change.isPending} data-testid="password-submit">
              {t('security.changePasswordSubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
