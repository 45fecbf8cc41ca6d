import { Alert, Button, Card, Checkbox, Code, Group, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { ROLES, type Organization, type Role, type Session } from '../api/types';
import { sessionKey } from '../auth/session';
import { formErrors, notifySuccess } from '../components/feedback';
import { PageHeader } from '../components/PageHeader';
import { ErrorState, LoadingState } from '../components/States';
import { MaskingPolicyCard } from './MaskingPolicyCard';

const orgKey = ['organization'] as const;

export function OrganizationPage({ session }: { session: Session }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const canEdit = session.permissions.includes('settings:manage');
  const org = useQuery({ queryKey: orgKey, queryFn: () => api<Organization>('/api/v1/organization') });
  const [name, setName] = useState('');
  const [roles, setRoles] = useState<Role[]>([]);
  const [errors, setErrors] = useState<Partial<Record<'name' | 'require2faRoles' | 'form', string>>>({});

  useEffect(() => {
    if (org.data) {
      setName(org.data.name);
      setRoles(org.data.require2faRoles);
    }
  }, [org.data]);

  const save = useMutation({
    mutationFn: () => api<Organization>('/api/v1/organization', { method: 'PATCH', body: { name: name.trim(), require2faRoles: roles } }),
    onSuccess: async (updated) => {
      notifySuccess(t('organization.saved'));
      setErrors({});
      if (updated && typeof updated === 'object' && 'require2faRoles' in updated) queryClient.setQueryData(orgKey, updated);
      await queryClient.invalidateQueries({ queryKey: orgKey });
      await queryClient.invalidateQueries({ queryKey: sessionKey });
    },
    onError: (err) => setErrors(formErrors(t, err, ['name', 'require2faRoles'] as const)),
  });

  const dirty = !!org.data && (name.trim() !== org.data.name || [...roles].sort().join() !== [...org.data.require2faRoles].sort().join());

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setErrors({ name: t('validation.required') });
      return;
    }
    save.mutate();
  };

  return (
    <>
      <PageHeader title={t('organization.title')} description={t('organization.description')} />
      {org.isPending ? (
        <LoadingState />
      ) : org.isError ? (
        <ErrorState error={org.error} onRetry={() => void org.refetch()} />
      ) : (
        <form onSubmit={submit} noValidate data-testid="organization-form">
          <Stack gap="lg">
            {errors.form ? (
              <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />}>
                {errors.form}
              </Alert>
            ) : null}
            <Card withBorder radius="md" padding="lg">
              <Title order={4} mb="md">
                {t('organization.general')}
              </Title>
              <Stack gap="sm" maw={520}>
                <TextInput label={t('setup.orgName')} value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} disabled={!canEdit} required data-testid="organization-name" />
                <SimpleGrid cols={{ base: 1, xs: 2 }}>
                  <div>
                    <Text size="sm" fw={500}>
                      {t('organization.slug')}
                    </Text>
                    <Code>{org.data.slug}</Code>
                    <Text size="xs" c="dimmed" mt={4}>
                      {t('organization.slugHelp')}
                    </Text>
                  </div>
                  <div>
                    <Text size="sm" fw={500}>
                      {t('setup.country')}
                    </Text>
                    <Text size="sm">{t(`countries.${org.data.country}`, { defaultValue: org.data.country })}</Text>
                    <Text size="xs" c="dimmed" mt={4}>
                      {t(`organization.lawFor.${org.data.country}`, { defaultValue: '' })}
                    </Text>
                  </div>
                </SimpleGrid>
              </Stack>
            </Card>
            <Card withBorder radius="md" padding="lg">
              <Title order={4}>{t('organization.require2fa')}</Title>
              <Text size="sm" c="dimmed" mb="md">
                {t('organization.require2faHelp')}
              </Text>
              <Checkbox.Group value={roles} onChange={(v) => setRoles(v as Role[])} error={errors.require2faRoles}>
                <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="sm">
                  {ROLES.map((role) => (
                    <Checkbox key={role} value={role} label={t(`roles.${role}`)} disabled={!canEdit} data-testid={`require2fa-${role}`} />
                  ))}
                </SimpleGrid>
              </Checkbox.Group>
            </Card>
            {canEdit ? (
              <Group>
                <Button type="submit" loading={save.isPending} disabled={!dirty} data-testid="organization-save">
                  {t('common.save')}
                </Button>
                {dirty ? (
                  <Button
                    variant="subtle"
                    color="gray"
                    onClick={() => {
                      setName(org.data.name);
                      setRoles(org.data.require2faRoles);
                      setErrors({});
                    }}
                  >
                    {t('common.discard')}
                  </Button>
                ) : null}
              </Group>
            ) : (
              <Text size="sm" c="dimmed">
                {t('organization.readOnly')}
              </Text>
            )}
          </Stack>
        </form>
      )}
      <Stack mt="lg">
        <MaskingPolicyCard canEdit={canEdit} />
      </Stack>
    </>
  );
}
