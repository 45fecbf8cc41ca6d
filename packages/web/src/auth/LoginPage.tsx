import { Alert, Anchor, Button, Collapse, Group, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconChevronDown, IconChevronUp, IconLock } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api/client';
import type { LoginAnswer } from '../api/types';
import { formErrors } from '../components/feedback';
import { AuthLayout } from './AuthLayout';
import { refreshSession } from './session';

function minutes(seconds: number | undefined): number {
  return Math.max(1, Math.ceil((seconds ?? 60) / 60));
}

/** Messages that follow what the server means: 401 wrong credentials, 423 locked, 429 throttled. */
function loginError(t: TFunction, err: unknown): string | undefined {
  if (!(err instanceof ApiError)) return undefined;
  if (err.status === 401) return t('login.errors.wrongCredentials');
  if (err.status === 423) return t('login.errors.locked', { count: minutes(err.retryAfterSeconds) });
  if (err.status === 429) {
    return err.retryAfterSeconds !== undefined
      ? t('login.errors.tooManyWait', { count: minutes(err.retryAfterSeconds) })
      : t('login.errors.tooMany');
  }
  return undefined;
}

export function LoginPage({ mfaStep, initialEmail }: { mfaStep: boolean; initialEmail?: string }) {
  return mfaStep ? <MfaStep /> : <CredentialsStep initialEmail={initialEmail} />;
}

const CREDENTIAL_FIELDS = ['email', 'password', 'org'] as const;

function CredentialsStep({ initialEmail }: { initialEmail?: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState(initialEmail ?? '');
  const [password, setPassword] = useState('');
  const [org, setOrg] = useState('');
  const [moreOptions, setMoreOptions] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<(typeof CREDENTIAL_FIELDS)[number] | 'form', string>>>({});
  const [locked, setLocked] = useState(false);

  const login = useMutation({
    mutationFn: () =>
      api<LoginAnswer>('/api/v1/auth/login', {
        method: 'POST',
        body: org.trim() ? { email, password, org: org.trim() } : { email, password },
      }),
    onSuccess: () => refreshSession(queryClient),
    onError: (err) => {
      const special = loginError(t, err);
      setLocked(err instanceof ApiError && (err.status === 423 || err.status === 429));
      if (special) setErrors({ form: special });
      else {
        const found = formErrors(t, err, CREDENTIAL_FIELDS);
        if (found.org) setMoreOptions(true);
        setErrors(found);
      }
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const local: typeof errors = {};
    if (!email.trim()) local.email = t('validation.required');
    if (!password) local.password = t('validation.required');
    setErrors(local);
    if (Object.keys(local).length === 0) login.mutate();
  };

  return (
    <AuthLayout title={t('login.title')} subtitle={t('login.subtitle')}>
      <form onSubmit={submit} noValidate data-testid="login-form">
        <Stack gap="md">
          {errors.form ? (
            <Alert
              color={locked ? 'orange' : 'red'}
              variant="light"
              icon={locked ? <IconLock size={18} /> : <IconAlertTriangle size={18} />}
              data-testid="login-error"
            >
              {errors.form}
            </Alert>
          ) : null}
          <TextInput
            label={t('fields.email')}
            type="email"
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={errors.email}
            required
            autoFocus={!initialEmail}
            name="email"
            autoComplete="username"
            data-testid="login-email"
          />
          <PasswordInput
            label={t('fields.password')}
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={errors.password}
            required
            autoFocus={!!initialEmail}
            name="password"
            autoComplete="current-password"
            data-testid="login-password"
          />
          <div>
            <Anchor
              component="button"
              type="button"
              size="sm"
              c="dimmed"
              onClick={() => setMoreOptions((v) => !v)}
              aria-expanded={moreOptions}
              data-testid="login-more-options"
            >
              <Group gap={4}>
                {moreOptions ? <IconChevronUp size={14} /> : <IconChevronDown size={14} />}
                {t('login.moreOptions')}
              </Group>
            </Anchor>
            <Collapse in={moreOptions}>
              <TextInput
                mt="sm"
                label={t('login.orgSlug')}
                description={t('login.orgSlugHelp')}
                value={org}
                onChange={(e) => setOrg(e.currentTarget.value)}
                error={errors.org}
                name="org"
                autoComplete="organization"
                data-testid="login-org"
              />
            </Collapse>
          </div>
          <Button type="submit" loading={login.isPending} fullWidth data-testid="login-submit">
            {t('login.submit')}
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}

function MfaStep() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [useRecovery, setUseRecovery] = useState(false);
  const [code, setCode] = useState('');
  const [recoveryCode, setRecoveryCode] = useState('');
  const [error, setError] = useState<string | undefined>();

  const verify = useMutation({
    mutationFn: () =>
      api<LoginAnswer>('/api/v1/auth/login/mfa', {
        method: 'POST',
        body: useRecovery ? { recoveryCode: recoveryCode.trim() } : { code },
      }),
    onSuccess: () => refreshSession(queryClient),
    onError: (err) => {
      if (err instanceof ApiError && err.status === 401) {
        setError(useRecovery ? t('mfa.errors.wrongRecovery') : t('mfa.errors.wrongCode'));
      } else {
        const found = formErrors(t, err, ['code', 'recoveryCode'] as const);
        setError(loginError(t, err) ?? found.code ?? found.recoveryCode ?? found.form);
      }
      setCode('');
    },
  });

  const cancel = useMutation({
    mutationFn: () => api('/api/v1/auth/logout', { method: 'POST' }),
    onSettled: () => refreshSession(queryClient),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (useRecovery ? !recoveryCode.trim() : !/^\d{6}$/.test(code)) {
      setError(useRecovery ? t('validation.required') : t('mfa.errors.sixDigits'));
      return;
    }
    setError(undefined);
    verify.mutate();
  };

  return (
    <AuthLayout title={t('mfa.title')} subtitle={useRecovery ? t('mfa.recoverySubtitle') : t('mfa.subtitle')}>
      <form onSubmit={submit} noValidate data-testid="mfa-form">
        <Stack gap="md">
          {useRecovery ? (
            <TextInput
              label={t('mfa.recoveryCode')}
              value={recoveryCode}
              onChange={(e) => setRecoveryCode(e.currentTarget.value)}
              error={error}
              autoFocus
              autoComplete="off"
              spellCheck={false}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
              data-testid="mfa-recovery-code"
            />
          ) : (
            <TextInput
              label={t('mfa.code')}
              value={code}
              onChange={(e) => setCode(e.currentTarget.value.replace(/\D/g, '').slice(0, 6))}
              error={error}
              autoFocus
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              placeholder="000000"
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', letterSpacing: '0.3em', fontSize: 20 } }}
              data-testid="mfa-code"
            />
          )}
          <Button type="submit" loading={verify.isPending} fullWidth data-testid="mfa-submit">
            {t('mfa.submit')}
          </Button>
          <Group justify="space-between">
            <Anchor
              component="button"
              type="button"
              size="sm"
              onClick={() => {
                setUseRecovery((v) => !v);
                setError(undefined);
              }}
              data-testid="mfa-toggle-recovery"
            >
              {useRecovery ? t('mfa.useApp') : t('mfa.useRecovery')}
            </Anchor>
            <Anchor component="button" type="button" size="sm" c="dimmed" onClick={() => cancel.mutate()}>
              {t('mfa.cancel')}
            </Anchor>
          </Group>
          <Text size="xs" c="dimmed">
            {t('mfa.help')}
          </Text>
        </Stack>
      </form>
    </AuthLayout>
  );
}
