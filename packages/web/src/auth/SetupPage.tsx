import { Alert, Button, PasswordInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { COUNTRIES, type Country } from '../api/types';
import { formErrors } from '../components/feedback';
import { navigate } from '../router';
import { AuthLayout } from './AuthLayout';
import { setupKey } from './session';

const FIELDS = ['orgName', 'country', 'name', 'email', 'password'] as const;
type Field = (typeof FIELDS)[number] | 'confirm' | 'form';

export function SetupPage({ onDone }: { onDone: (email: string) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [orgName, setOrgName] = useState('');
  const [country, setCountry] = useState<Country>('BR');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});

  const setup = useMutation({
    mutationFn: () => api<{ orgId: string; userId: string }>('/api/v1/setup', { method: 'POST', body: { orgName, country, name, email, password } }),
    onSuccess: async () => {
      notifications.show({ color: 'teal', title: t('setup.doneTitle'), message: t('setup.doneMessage') });
      queryClient.setQueryData(setupKey, { needed: false });
      onDone(email);
      navigate('/login', { replace: true });
    },
    onError: (err) => setErrors(formErrors(t, err, FIELDS)),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const local: Partial<Record<Field, string>> = {};
    if (!orgName.trim()) local.orgName = t('validation.required');
    if (!name.trim()) local.name = t('validation.required');
    if (!email.trim()) local.email = t('validation.required');
    if (!password) local.password = t('validation.required');
    if (password !== confirm) local.confirm = t('validation.passwordsDiffer');
    setErrors(local);
    if (Object.keys(local).length === 0) setup.mutate();
  };

  return (
    <AuthLayout title={t('setup.title')} subtitle={t('setup.subtitle')} width={520}>
      <form onSubmit={submit} noValidate data-testid="setup-form">
        <Stack gap="md">
          {errors.form ? (
            <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} data-testid="form-error">
              {errors.form}
            </Alert>
          ) : null}
          <Text fw={600} size="sm" c="dimmed" tt="uppercase">
            {t('setup.organisationSection')}
          </Text>
          <TextInput
            label={t('setup.orgName')}
            placeholder={t('setup.orgNamePlaceholder')}
            value={orgName}
            onChange={(e) => setOrgName(e.currentTarget.value)}
            error={errors.orgName}
            required
            autoFocus
            name="orgName"
            data-testid="setup-org-name"
          />
          <Select
            label={t('setup.country')}
            description={t('setup.countryHelp')}
            data={COUNTRIES.map((c) => ({ value: c, label: t(`countries.${c}`) }))}
            value={country}
            onChange={(value) => value && setCountry(value as Country)}
            allowDeselect={false}
            error={errors.country}
            required
            data-testid="setup-country"
          />
          <Text fw={600} size="sm" c="dimmed" tt="uppercase" mt="sm">
            {t('setup.ownerSection')}
          </Text>
          <TextInput
            label={t('setup.ownerName')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={errors.name}
            required
            name="name"
            autoComplete="name"
            data-testid="setup-name"
          />
          <TextInput
            label={t('fields.email')}
            type="email"
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={errors.email}
            required
            name="email"
            autoComplete="email"
            data-testid="setup-email"
          />
          <PasswordInput
            label={t('fields.password')}
            description={t('setup.passwordHelp')}
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={errors.password}
            required
            name="password"
            autoComplete="new-password"
            data-testid="setup-password"
          />
          <PasswordInput
            label={t('fields.confirmPassword')}
            value={confirm}
            onChange={(e) => setConfirm(e.currentTarget.value)}
            error={errors.confirm}
            required
            name="confirm"
            autoComplete="new-password"
            data-testid="setup-confirm"
          />
          <Button type="submit" loading={setup.isPending} fullWidth mt="sm" data-testid="setup-submit">
            {t('setup.submit')}
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
