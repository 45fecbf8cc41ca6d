import { ActionIcon, Alert, Button, Card, Code, Group, Modal, ScrollArea, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconInfoCircle, IconPlus, IconTrash, IconWorld } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api/client';
import type { AllowlistAnswer, AllowlistEntry } from '../api/types';
import { errorMessage, formErrors, notifyError, notifySuccess } from '../components/feedback';
import { formatDateTime } from '../components/format';
import { PageHeader } from '../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../components/States';

const allowlistKey = ['allowlist'] as const;

export function AllowlistPage() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: allowlistKey, queryFn: () => api<AllowlistAnswer>('/api/v1/allowlist') });
  const [cidr, setCidr] = useState('');
  const [label, setLabel] = useState('');
  const [errors, setErrors] = useState<Partial<Record<'cidr' | 'label' | 'form', string>>>({});
  const [removing, setRemoving] = useState<AllowlistEntry | null>(null);
  const [removeOpened, setRemoveOpened] = useState(false);
  const [removeError, setRemoveError] = useState<string | null>(null);

  const add = useMutation({
    mutationFn: () => api<AllowlistEntry>('/api/v1/allowlist', { method: 'POST', body: label.trim() ? { cidr: cidr.trim(), label: label.trim() } : { cidr: cidr.trim() } }),
    onSuccess: () => {
      notifySuccess(t('allowlist.added', { cidr: cidr.trim() }));
      setCidr('');
      setLabel('');
      setErrors({});
    },
    onError: (err) => {
      // 409: the list would no longer include the caller's own address; the server explains.
      if (err instanceof ApiError && err.status === 409) setErrors({ form: errorMessage(t, err) || t('allowlist.wouldLockOut') });
      else setErrors(formErrors(t, err, ['cidr', 'label'] as const));
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: allowlistKey }),
  });

  const remove = useMutation({
    mutationFn: (id: string) => api(`/api/v1/allowlist/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => {
      notifySuccess(t('allowlist.removed'));
      setRemoveOpened(false);
    },
    onError: (err) => {
      if (err instanceof ApiError && err.status === 409) setRemoveError(errorMessage(t, err) || t('allowlist.wouldLockOut'));
      else notifyError(t, err);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: allowlistKey }),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!cidr.trim()) {
      setErrors({ cidr: t('validation.required') });
      return;
    }
    setErrors({});
    add.mutate();
  };

  const items = list.data?.items ?? [];

  return (
    <>
      <PageHeader title={t('allowlist.title')} description={t('allowlist.description')} />
      <Stack gap="lg">
        {list.data ? (
          <Alert variant="light" color="blue" icon={<IconWorld size={18} />} data-testid="current-ip">
            {t('allowlist.currentIp')} <Code>{list.data.currentIp}</Code>
          </Alert>
        ) : null}

        <Card withBorder radius="md" padding="lg">
          <form onSubmit={submit} noValidate data-testid="allowlist-form">
            <Stack gap="sm">
              {errors.form ? (
                <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} data-testid="allowlist-error">
                  {errors.form}
                </Alert>
              ) : null}
              <Group align="flex-start" gap="sm" wrap="wrap">
                <TextInput
                  label={t('allowlist.cidr')}
                  description={t('allowlist.cidrHelp')}
                  placeholder="203.0.113.0/24"
                  value={cidr}
                  onChange={(e) => setCidr(e.currentTarget.value)}
                  error={errors.cidr}
                  required
                  w={320}
                  styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                  data-testid="allowlist-cidr"
                />
                <TextInput
                  label={t('allowlist.label')}
                  description={t('allowlist.labelHelp')}
                  placeholder={t('allowlist.labelPlaceholder')}
                  value={label}
                  onChange={(e) => setLabel(e.currentTarget.value)}
                  error={errors.label}
                  style={{ flex: 1, minWidth: 220 }}
                  data-testid="allowlist-label"
                />
              </Group>
              <Group gap="sm">
                <Button type="submit" leftSection={<IconPlus size={16} />} loading={add.isPending} data-testid="allowlist-add">
                  {t('allowlist.add')}
                </Button>
                {list.data ? (
                  <Button variant="subtle" size="sm" onClick={() => setCidr(list.data.currentIp.includes(':') ? `${list.data.currentIp}/128` : `${list.data.currentIp}/32`)}>
                    {t('allowlist.useMine')}
                  </Button>
                ) : null}
              </Group>
            </Stack>
          </form>
        </Card>

        <Card withBorder radius="md" padding={0}>
          {list.isPending ? (
            <LoadingState />
          ) : list.isError ? (
            <Card.Section p="md">
              <ErrorState error={list.error} onRetry={() => void list.refetch()} />
            </Card.Section>
          ) : items.length === 0 ? (
            <EmptyState title={t('allowlist.empty')}>{t('allowlist.emptyHelp')}</EmptyState>
          ) : (
            <ScrollArea>
              <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover data-testid="allowlist-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('allowlist.cidr')}</Table.Th>
                    <Table.Th>{t('allowlist.label')}</Table.Th>
                    <Table.Th>{t('allowlist.added_at')}</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((entry) => (
                    <Table.Tr key={entry.id} data-testid="allowlist-row">
                      <Table.Td>
                        <Code>{entry.cidr}</Code>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" c={entry.label ? undefined : 'dimmed'}>
                          {entry.label || '—'}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{formatDateTime(entry.createdAt, i18n.language)}</Text>
                      </Table.Td>
                      <Table.Td ta="right">
                        <Tooltip label={t('allowlist.remove')}>
                          <ActionIcon variant="subtle" color="red" aria-label={t('allowlist.remove')} onClick={() => {
                            setRemoving(entry);
                            setRemoveError(null);
                            setRemoveOpened(true);
                          }} data-testid="allowlist-remove">
                            <IconTrash size={16} />
                          </ActionIcon>
                        </Tooltip>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollArea>
          )}
        </Card>
        <Text size="xs" c="dimmed">
          <IconInfoCircle size={12} style={{ verticalAlign: 'middle' }} /> {t('allowlist.recovery')} <Code fz="xs">npx sigilo allowlist clear --org &lt;orgId&gt;</Code>
        </Text>
      </Stack>

      <Modal
        opened={removeOpened}
        onClose={() => setRemoveOpened(false)}
        title={t('allowlist.removeTitle')}
        centered
      >
        <Stack>
          {removeError ? (
            <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} data-testid="allowlist-remove-error">
              {removeError}
            </Alert>
          ) : null}
          <Text size="sm">{t('allowlist.removeConfirm', { cidr: removing?.cidr ?? '' })}</Text>
          <Group justify="flex-end">
            <Button
              variant="default"
              onClick={() => setRemoveOpened(false)}
            >
              {t('common.cancel')}
            </Button>
            <Button
              color="red"
              loading={remove.isPending}
              onClick={() => {
                setRemoveError(null);
                if (removing) remove.mutate(removing.id);
              }}
              data-testid="allowlist-remove-confirm"
            >
              {t('allowlist.remove')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
