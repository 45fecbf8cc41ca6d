import { Alert, Badge, Button, Card, Group, Modal, PasswordInput, ScrollArea, Stack, Table, Text, TextInput, ThemeIcon, Title, Tooltip } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconAlertTriangle, IconCheck, IconMinus, IconUserPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { Items, Role, RolesAnswer, Session, User } from '../api/types';
import { formErrors, notifyError, notifySuccess } from '../components/feedback';
import { formatDateTime } from '../components/format';
import { PageHeader } from '../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../components/States';
import { permissionLabel } from './permissions';
import { RoleSelect } from './RoleSelect';

const usersKey = ['users'] as const;
export const rolesKey = ['roles'] as const;

export function useRoles(enabled = true) {
  return useQuery({ queryKey: rolesKey, queryFn: () => api<RolesAnswer>('/api/v1/roles'), staleTime: 5 * 60_000, enabled });
}

export function UsersPage({ session }: { session: Session }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const canManage = session.permissions.includes('users:manage');
  const users = useQuery({ queryKey: usersKey, queryFn: () => api<Items<User>>('/api/v1/users') });
  const [createOpened, createModal] = useDisclosure(false);
  const [confirmUser, setConfirmUser] = useState<User | null>(null);
  const [confirmOpened, setConfirmOpened] = useState(false);

  const update = useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: { role?: Role; disabled?: boolean } }) =>
      api<User>(`/api/v1/users/${encodeURIComponent(id)}`, { method: 'PATCH', body: patch }),
    onSuccess: (user, { id, patch }) => {
      // Show the answer at once; the refetch in onSettled then confirms it.
      if (user?.id) queryClient.setQueryData<Items<User>>(usersKey, (old) => old && { items: old.items.map((u) => (u.id === id ? user : u)) });
      if (patch.role) notifySuccess(t('users.roleChanged', { name: user?.name || user?.email || '', role: t(`roles.${patch.role}`) }));
      else if (patch.disabled !== undefined) notifySuccess(patch.disabled ? t('users.disabledNotice') : t('users.enabledNotice'));
      setConfirmOpened(false);
    },
    onError: (err) => notifyError(t, err),
    onSettled: () => queryClient.invalidateQueries({ queryKey: usersKey }),
  });

  const rows = users.data?.items ?? [];

  return (
    <>
      <PageHeader
        title={t('users.title')}
        description={t('users.description')}
        actions={
          canManage ? (
            <Button leftSection={<IconUserPlus size={16} />} onClick={createModal.open} data-testid="user-create-open">
              {t('users.create')}
            </Button>
          ) : null
        }
      />
      <Stack gap="lg">
        <Card withBorder radius="md" padding={0}>
          {users.isPending ? (
            <LoadingState />
          ) : users.isError ? (
            <Card.Section p="md">
              <ErrorState error={users.error} onRetry={() => void users.refetch()} />
            </Card.Section>
          ) : rows.length === 0 ? (
            <EmptyState title={t('users.empty')} />
          ) : (
            <ScrollArea>
              <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover data-testid="users-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('users.columns.user')}</Table.Th>
                    <Table.Th w={220}>{t('users.columns.role')}</Table.Th>
                    <Table.Th>{t('users.columns.twoFactor')}</Table.Th>
                    <Table.Th>{t('users.columns.status')}</Table.Th>
                    <Table.Th>{t('users.columns.lastLogin')}</Table.Th>
                    {canManage ? <Table.Th /> : null}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((user) => {
                    const isSelf = user.id === session.user.id;
                    return (
                      <Table.Tr key={user.id} data-testid="user-row" data-email={user.email}>
                        <Table.Td>
                          <Text size="sm" fw={500}>
                            {user.name}
                            {isSelf ? (
                              <Text span c="dimmed" size="xs">
                                {' '}
                                ({t('users.you')})
                              </Text>
                            ) : null}
                          </Text>
                          <Text size="xs" c="dimmed">
                            {user.email}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          {canManage && !isSelf ? (
                            <RoleSelect
                              size="xs"
                              value={user.role}
                              aria-label={t('users.columns.role')}
                              disabled={update.isPending}
                              onChange={(role) => role !== user.role && update.mutate({ id: user.id, patch: { role } })}
                              data-testid="user-role-select"
                            />
                          ) : (
                            <Text size="sm">{t(`roles.${user.role}`)}</Text>
                          )}
                        </Table.Td>
                        <Table.Td>
                          <Badge variant="light" color={user.totpEnabled ? 'teal' : 'gray'}>
                            {user.totpEnabled ? t('security.enabled') : t('security.disabled')}
                          </Badge>
                        </Table.Td>
                        <Table.Td>
                          <Badge variant="dot" color={user.disabled ? 'red' : 'teal'}>
                            {user.disabled ? t('users.statusDisabled') : t('users.statusActive')}
                          </Badge>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm" c={user.lastLoginAt ? undefined : 'dimmed'}>
                            {user.lastLoginAt ? formatDateTime(user.lastLoginAt, i18n.language) : t('users.never')}
                          </Text>
                        </Table.Td>
                        {canManage ? (
                          <Table.Td ta="right">
                            {isSelf ? null : user.disabled ? (
                              <Button size="xs" variant="light" onClick={() => update.mutate({ id: user.id, patch: { disabled: false } })}>
                                {t('users.enable')}
                              </Button>
                            ) : (
                              <Button size="xs" variant="subtle" color="red" onClick={() => {
                                  setConfirmUser(user);
                                  setConfirmOpened(true);
                                }}
                              >
                                {t('users.disable')}
                              </Button>
                            )}
                          </Table.Td>
                        ) : null}
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </ScrollArea>
          )}
        </Card>
        <RoleMatrix />
      </Stack>

      <CreateUserModal opened={createOpened} onClose={createModal.close} />

      <Modal opened={confirmOpened} onClose={() => setConfirmOpened(false)} title={t('users.disableTitle')} centered>
        <Stack>
          <Text size="sm">{t('users.disableConfirm', { name: confirmUser?.name || confirmUser?.email || '' })}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmOpened(false)}>
              {t('common.cancel')}
            </Button>
            <Button color="red" loading={update.isPending} onClick={() => confirmUser && update.mutate({ id: confirmUser.id, patch: { disabled: true } })}>
              {t('users.disable')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

const CREATE_FIELDS = ['name', 'email', 'role', 'password'] as const;

function CreateUserModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('agent');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Partial<Record<(typeof CREATE_FIELDS)[number] | 'form', string>>>({});

  const reset = () => {
    setName('');
    setEmail('');
    setRole('agent');
    setPassword('');
    setErrors({});
  };

  const create = useMutation({
    mutationFn: () => api<User>('/api/v1/users', { method: 'POST', body: { name, email, role, password } }),
    onSuccess: async (user) => {
      notifySuccess(t('users.created', { email: user?.email ?? email }));
      reset();
      onClose();
      await queryClient.invalidateQueries({ queryKey: usersKey });
    },
    onError: (err) => setErrors(formErrors(t, err, CREATE_FIELDS)),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const local: typeof errors = {};
    if (!name.trim()) local.name = t('validation.required');
    if (!email.trim()) local.email = t('validation.required');
    if (!password) local.password = t('validation.required');
    setErrors(local);
    if (Object.keys(local).length === 0) create.mutate();
  };

  return (
    <Modal
      opened={opened}
      onClose={() => {
        reset();
        onClose();
      }}
      title={t('users.createTitle')}
      centered
    >
      <form onSubmit={submit} noValidate data-testid="user-create-form">
        <Stack gap="sm">
          {errors.form ? (
            <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />}>
              {errors.form}
            </Alert>
          ) : null}
          <TextInput label={t('fields.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} required data-autofocus />
          <TextInput label={t('fields.email')} type="email" value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={errors.email} required />
          <RoleSelect label={t('users.columns.role')} value={role} onChange={setRole} error={errors.role} required comboboxProps={{ withinPortal: true }} />
          <PasswordInput
            label={t('users.initialPassword')}
            description={t('users.initialPasswordHelp')}
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={errors.password}
            autoComplete="new-password"
            required
          />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending} data-testid="user-create-submit">
              {t('users.createSubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function RoleMatrix() {
  const { t } = useTranslation();
  const roles = useRoles();
  return (
    <Card withBorder radius="md" padding="lg">
      <Title order={4}>{t('users.matrixTitle')}</Title>
      <Text size="sm" c="dimmed" mb="md">
        {t('users.matrixDescription')}
      </Text>
      {roles.isPending ? (
        <LoadingState />
      ) : roles.isError ? (
        <ErrorState error={roles.error} onRetry={() => void roles.refetch()} />
      ) : (
        <ScrollArea>
          <Table withColumnBorders striped verticalSpacing={6} fz="sm" data-testid="role-matrix">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('users.permission')}</Table.Th>
                {roles.data.roles.map((r) => (
                  <Table.Th key={r.role} ta="center">
                    {t(`roles.${r.role}`, { defaultValue: r.role })}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {roles.data.permissions.map((permission) => (
                <Table.Tr key={permission}>
                  <Table.Td>
                    <Tooltip label={permission} openDelay={400}>
                      <Text size="sm">{permissionLabel(t, permission)}</Text>
                    </Tooltip>
                  </Table.Td>
                  {roles.data.roles.map((r) => {
                    const granted = r.permissions.includes(permission);
                    return (
                      <Table.Td key={r.role} ta="center" aria-label={granted ? t('users.granted') : t('users.notGranted')}>
                        {granted ? (
                          <ThemeIcon size={20} radius="xl" variant="light" color="teal">
                            <IconCheck size={13} />
                          </ThemeIcon>
                        ) : (
                          <IconMinus size={14} color="var(--mantine-color-gray-4)" />
                        )}
                      </Table.Td>
                    );
                  })}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
    </Card>
  );
}
