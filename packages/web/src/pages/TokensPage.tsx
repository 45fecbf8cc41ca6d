import { Alert, Badge, Button, Card, Code, CopyButton, Group, Modal, MultiSelect, NumberInput, ScrollArea, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconAlertTriangle, IconCheck, IconCopy, IconKey, IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { ApiToken, CreatedToken, Items, Session } from '../api/types';
import { formErrors, notifyError, notifySuccess } from '../components/feedback';
import { formatDate, formatDateTime } from '../components/format';
import { PageHeader } from '../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../components/States';
import { permissionLabel } from './permissions';
import { useRoles } from './UsersPage';

const tokensKey = ['tokens'] as const;

// Used only when the permission list cannot be read (GET /roles needs users:read).
const FALLBACK_SCOPES = ['audit:read', 'users:read', 'users:manage', 'org:read', 'settings:manage', 'tokens:manage', 'allowlist:manage'];

type TokenState = 'active' | 'expired' | 'revoked';

function tokenState(token: ApiToken): TokenState {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt && new Date(token.expiresAt).getTime() <= Date.now()) return 'expired';
  return 'active';
}

const STATE_COLOR: Record<TokenState, string> = { active: 'teal', expired: 'gray', revoked: 'red' };

export function TokensPage({ session }: { session: Session }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const tokens = useQuery({ queryKey: tokensKey, queryFn: () => api<Items<ApiToken>>('/api/v1/tokens') });
  const [createOpened, createModal] = useDisclosure(false);
  const [created, setCreated] = useState<CreatedToken | null>(null);
  // The target outlives the modal's closing animation, so its name does not blank out while it fades.
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const [revokeOpened, setRevokeOpened] = useState(false);

  const revoke = useMutation({
    mutationFn: (id: string) => api(`/api/v1/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => {
      notifySuccess(t('tokens.revoked'));
      setRevokeOpened(false);
    },
    onError: (err) => notifyError(t, err),
    onSettled: () => queryClient.invalidateQueries({ queryKey: tokensKey }),
  });

  const rows = tokens.data?.items ?? [];

  return (
    <>
      <PageHeader
        title={t('tokens.title')}
        description={t('tokens.description')}
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={createModal.open} data-testid="token-create-open">
            {t('tokens.create')}
          </Button>
        }
      />
      <Card withBorder radius="md" padding={0}>
        {tokens.isPending ? (
          <LoadingState />
        ) : tokens.isError ? (
          <Card.Section p="md">
            <ErrorState error={tokens.error} onRetry={() => void tokens.refetch()} />
          </Card.Section>
        ) : rows.length === 0 ? (
          <EmptyState title={t('tokens.empty')}>{t('tokens.emptyHelp')}</EmptyState>
        ) : (
          <ScrollArea>
            <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover data-testid="tokens-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('tokens.columns.name')}</Table.Th>
                  <Table.Th>{t('tokens.columns.scopes')}</Table.Th>
                  <Table.Th>{t('tokens.columns.created')}</Table.Th>
                  <Table.Th>{t('tokens.columns.expires')}</Table.Th>
                  <Table.Th>{t('tokens.columns.lastUsed')}</Table.Th>
                  <Table.Th>{t('tokens.columns.status')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((token) => {
                  const state = tokenState(token);
                  return (
                    <Table.Tr key={token.id} data-testid="token-row">
                      <Table.Td>
                        <Text size="sm" fw={500}>
                          {token.name}
                        </Text>
                        <Code fz="xs">{token.prefix}</Code>
                      </Table.Td>
                      <Table.Td maw={320}>
                        <Group gap={4}>
                          {token.scopes.map((scope) => (
                            <Badge key={scope} size="sm" variant="light" color={scope === 'all' ? 'orange' : 'blue'} tt="none">
                              {scope === 'all' ? t('tokens.allScopes') : scope}
                            </Badge>
                          ))}
                        </Group>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{formatDate(token.createdAt, i18n.language)}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{token.expiresAt ? formatDate(token.expiresAt, i18n.language) : t('tokens.noExpiry')}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" c={token.lastUsedAt ? undefined : 'dimmed'}>
                          {token.lastUsedAt ? formatDateTime(token.lastUsedAt, i18n.language) : t('tokens.neverUsed')}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Badge variant="dot" color={STATE_COLOR[state]}>
                          {t(`tokens.state.${state}`)}
                        </Badge>
                      </Table.Td>
                      <Table.Td ta="right">
                        {state === 'revoked' ? null : (
                          <Button size="xs" variant="subtle" color="red" onClick={() => {
                              setRevoking(token);
                              setRevokeOpened(true);
                            }}
                            data-testid="token-revoke"
                          >
                            {t('tokens.revoke')}
                          </Button>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </ScrollArea>
        )}
      </Card>

      <CreateTokenModal
        opened={createOpened}
        onClose={createModal.close}
        canListPermissions={session.permissions.includes('users:read')}
        onCreated={(token) => {
          createModal.close();
          setCreated(token);
        }}
      />

      <Modal opened={!!created} onClose={() => setCreated(null)} title={t('tokens.createdTitle')} centered size="lg" closeOnClickOutside={false}>
        {created ? (
          <Stack>
            <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />}>
              {t('tokens.shownOnce')}
            </Alert>
            <Code block fz="sm" style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }} data-testid="token-value">
              {created.token}
            </Code>
            <Group justify="space-between">
              <CopyButton value={created.token}>
                {({ copied, copy }) => (
                  <Button variant="light" onClick={copy} leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />} data-testid="token-copy">
                    {copied ? t('common.copied') : t('common.copy')}
                  </Button>
                )}
              </CopyButton>
              <Button onClick={() => setCreated(null)} data-testid="token-created-close">
                {t('tokens.done')}
              </Button>
            </Group>
          </Stack>
        ) : null}
      </Modal>

      <Modal opened={revokeOpened} onClose={() => setRevokeOpened(false)} title={t('tokens.revokeTitle')} centered>
        <Stack>
          <Text size="sm">{t('tokens.revokeConfirm', { name: revoking?.name ?? '' })}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRevokeOpened(false)}>
              {t('common.cancel')}
            </Button>
            <Button color="red" loading={revoke.isPending} onClick={() => revoking && revoke.mutate(revoking.id)} data-testid="token-revoke-confirm">
              {t('tokens.revoke')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

const CREATE_FIELDS = ['name', 'scopes', 'expiresInDays'] as const;

function CreateTokenModal({
  opened,
  onClose,
  onCreated,
  canListPermissions,
}: {
  opened: boolean;
  onClose: () => void;
  onCreated: (token: CreatedToken) => void;
  canListPermissions: boolean;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const roles = useRoles(canListPermissions && opened);
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>([]);
  const [expiresInDays, setExpires] = useState<number | string>(90);
  const [errors, setErrors] = useState<Partial<Record<(typeof CREATE_FIELDS)[number] | 'form', string>>>({});

  const permissions = roles.data?.permissions ?? FALLBACK_SCOPES;
  const scopeOptions = [
    { value: 'all', label: t('tokens.allScopes') },
    ...permissions.map((p) => ({ value: p, label: `${permissionLabel(t, p)} (${p})` })),
  ];

  const reset = () => {
    setName('');
    setScopes([]);
    setExpires(90);
    setErrors({});
  };

  const create = useMutation({
    mutationFn: () => api<CreatedToken>('/api/v1/tokens', { method: 'POST', body: { name, scopes, expiresInDays: Number(expiresInDays) } }),
    onSuccess: async (token) => {
      reset();
      onCreated(token);
      notifySuccess(t('tokens.createdNotice'));
      await queryClient.invalidateQueries({ queryKey: tokensKey });
    },
    onError: (err) => setErrors(formErrors(t, err, CREATE_FIELDS)),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const local: typeof errors = {};
    const days = Number(expiresInDays);
    if (!name.trim()) local.name = t('validation.required');
    if (scopes.length === 0) local.scopes = t('tokens.scopesRequired');
    if (!Number.isInteger(days) || days < 1 || days > 365) local.expiresInDays = t('tokens.expiryRange');
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
      title={t('tokens.createTitle')}
      centered
      size="lg"
    >
      <form onSubmit={submit} noValidate data-testid="token-create-form">
        <Stack gap="sm">
          {errors.form ? (
            <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />}>
              {errors.form}
            </Alert>
          ) : null}
          <TextInput
            label={t('tokens.columns.name')}
            description={t('tokens.nameHelp')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={errors.name}
            required
            data-autofocus
            data-testid="token-name"
          />
          <MultiSelect
            label={t('tokens.columns.scopes')}
            description={t('tokens.scopesHelp')}
            data={scopeOptions}
            value={scopes}
            onChange={(value) => {
              // "all" stands alone: choosing it replaces the list, choosing another scope drops it.
              const added = value.find((v) => !scopes.includes(v));
              if (added === 'all') setScopes(['all']);
              else setScopes(value.filter((v) => v !== 'all'));
            }}
            error={errors.scopes}
            searchable
            clearable
            required
            comboboxProps={{ withinPortal: true }}
            data-testid="token-scopes"
          />
          <NumberInput
            label={t('tokens.expiresInDays')}
            description={t('tokens.expiryRange')}
            value={expiresInDays}
            onChange={setExpires}
            min={1}
            max={365}
            allowDecimal={false}
            error={errors.expiresInDays}
            required
            w={200}
            data-testid="token-expiry"
          />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" leftSection={<IconKey size={16} />} loading={create.isPending} data-testid="token-create-submit">
              {t('tokens.createSubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
