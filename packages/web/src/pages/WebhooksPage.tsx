import { Alert, Badge, Button, Card, Checkbox, Code, CopyButton, Group, Loader, Modal, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconAlertTriangle, IconCheck, IconCopy, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { CreatedWebhookEndpoint, Items, WebhookDelivery, WebhookEndpoint } from '../api/types';
import { formErrors, notifyError, notifySuccess } from '../components/feedback';
import { formatDate, formatDateTime } from '../components/format';
import { PageHeader } from '../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../components/States';

const webhooksKey = ['webhooks'] as const;
const webhookEventsKey = ['webhooks', 'events'] as const;

/** The events come from the server (the list its API accepts), so the page never offers fewer or others. */
function useWebhookEvents() {
  return useQuery({
    queryKey: webhookEventsKey,
    queryFn: async () => (await api<Items<{ event: string }>>('/api/v1/webhooks/events')).items.map((i) => i.event),
    staleTime: 5 * 60_000,
  });
}

/** `alert.created` → webhooks.eventHelp.alert_created; an event added on the server before its label still shows. */
const eventHelpKey = (event: string) => `webhooks.eventHelp.${event.replace(/\./g, '_')}`;

function deliveryColor(d: WebhookDelivery): string {
  if (d.statusCode !== null && d.statusCode >= 200 && d.statusCode < 300) return 'teal';
  if (d.statusCode === null && !d.error) return 'gray';
  return 'red';
}

function Deliveries({ items }: { items: WebhookDelivery[] }) {
  const { t, i18n } = useTranslation();
  if (items.length === 0)
    return (
      <Text size="xs" c="dimmed">
        {t('webhooks.noDeliveries')}
      </Text>
    );
  return (
    <Table fz="xs" verticalSpacing={4} withRowBorders={false} data-testid="webhook-deliveries">
      <Table.Tbody>
        {items.map((d, i) => (
          <Table.Tr key={i} data-testid="webhook-delivery">
            <Table.Td w={170}>{formatDateTime(d.at, i18n.language)}</Table.Td>
            <Table.Td>
              <Code fz="xs">{d.event}</Code>
            </Table.Td>
            <Table.Td>
              <Badge size="xs" variant="light" color={deliveryColor(d)} tt="none">
                {d.statusCode !== null ? `HTTP ${d.statusCode}` : d.error ? t('webhooks.failed') : t('webhooks.pending')}
              </Badge>
            </Table.Td>
            <Table.Td>{t('webhooks.attempt', { n: d.attempt })}</Table.Td>
            <Table.Td c="red.7" style={{ wordBreak: 'break-word' }}>
              {d.error ?? ''}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function WebhooksPage() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const webhooks = useQuery({ queryKey: webhooksKey, queryFn: () => api<Items<WebhookEndpoint>>('/api/v1/webhooks'), refetchInterval: 15_000 });
  const [createOpened, createModal] = useDisclosure(false);
  const [created, setCreated] = useState<CreatedWebhookEndpoint | null>(null);
  const [removing, setRemoving] = useState<WebhookEndpoint | null>(null);
  const [removeOpened, setRemoveOpened] = useState(false);

  const remove = useMutation({
    mutationFn: (id: string) => api(`/api/v1/webhooks/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => {
      notifySuccess(t('webhooks.removed'));
      setRemoveOpened(false);
    },
    onError: (err) => notifyError(t, err),
    onSettled: () => queryClient.invalidateQueries({ queryKey: webhooksKey }),
  });

  const rows = webhooks.data?.items ?? [];

  return (
    <>
      <PageHeader
        title={t('webhooks.title')}
        description={t('webhooks.description')}
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={createModal.open} data-testid="webhook-create-open">
            {t('webhooks.create')}
          </Button>
        }
      />
      {webhooks.isPending ? (
        <LoadingState />
      ) : webhooks.isError ? (
        <ErrorState error={webhooks.error} onRetry={() => void webhooks.refetch()} />
      ) : rows.length === 0 ? (
        <Card withBorder radius="md">
          <EmptyState title={t('webhooks.empty')}>{t('webhooks.emptyHelp')}</EmptyState>
        </Card>
      ) : (
        <Stack gap="md" data-testid="webhooks-list">
          {rows.map((endpoint) => (
            <Card key={endpoint.id} withBorder radius="md" data-testid="webhook-row">
              <Group justify="space-between" align="flex-start" wrap="nowrap">
                <Stack gap={6} style={{ minWidth: 0 }}>
                  <Code fz="sm" style={{ wordBreak: 'break-all' }} data-testid="webhook-url">
                    {endpoint.url}
                  </Code>
                  <Group gap={4}>
                    {endpoint.events.map((e) => (
                      <Badge key={e} size="sm" variant="light" tt="none">
                        {e}
                      </Badge>
                    ))}
                    {!endpoint.enabled ? (
                      <Badge size="sm" color="gray" variant="outline" tt="none">
                        {t('webhooks.disabled')}
                      </Badge>
                    ) : null}
                  </Group>
                  <Text size="xs" c="dimmed">
                    {t('webhooks.createdOn', { date: formatDate(endpoint.createdAt, i18n.language) })}
                  </Text>
                </Stack>
                <Button
                  size="xs"
                  variant="subtle"
                  color="red"
                  leftSection={<IconTrash size={14} />}
                  onClick={() => {
                    setRemoving(endpoint);
                    setRemoveOpened(true);
                  }}
                  data-testid="webhook-remove"
                >
                  {t('webhooks.remove')}
                </Button>
              </Group>
              <Text size="xs" fw={600} c="dimmed" tt="uppercase" mt="md" mb={4}>
                {t('webhooks.recentDeliveries')}
              </Text>
              <Deliveries items={endpoint.recentDeliveries} />
            </Card>
          ))}
        </Stack>
      )}

      <CreateWebhookModal
        opened={createOpened}
        onClose={createModal.close}
        onCreated={(endpoint) => {
          createModal.close();
          setCreated(endpoint);
        }}
      />

      <Modal opened={!!created} onClose={() => setCreated(null)} title={t('webhooks.createdTitle')} centered size="lg" closeOnClickOutside={false}>
        {created ? (
          <Stack>
            <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />}>
              {t('webhooks.secretOnce')}
            </Alert>
            <Code block fz="sm" style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }} data-testid="webhook-secret">
              {created.secret}
            </Code>
            <Text size="xs" c="dimmed">
              {t('webhooks.signatureHelp')}
            </Text>
            <Group justify="space-between">
              <CopyButton value={created.secret}>
                {({ copied, copy }) => (
                  <Button variant="light" onClick={copy} leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />}>
                    {copied ? t('common.copied') : t('common.copy')}
                  </Button>
                )}
              </CopyButton>
              <Button onClick={() => setCreated(null)} data-testid="webhook-created-close">
                {t('tokens.done')}
              </Button>
            </Group>
          </Stack>
        ) : null}
      </Modal>

      <Modal opened={removeOpened} onClose={() => setRemoveOpened(false)} title={t('webhooks.removeTitle')} centered>
        <Stack>
          <Text size="sm">{t('webhooks.removeConfirm', { url: removing?.url ?? '' })}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRemoveOpened(false)}>
              {t('common.cancel')}
            </Button>
            <Button color="red" loading={remove.isPending} onClick={() => removing && remove.mutate(removing.id)} data-testid="webhook-remove-confirm">
              {t('webhooks.remove')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

function CreateWebhookModal({ opened, onClose, onCreated }: { opened: boolean; onClose: () => void; onCreated: (endpoint: CreatedWebhookEndpoint) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<string[]>(['message.created']);
  const [errors, setErrors] = useState<Partial<Record<'url' | 'events' | 'form', string>>>({});
  const eventList = useWebhookEvents();

  const reset = () => {
    setUrl('');
    setEvents(['message.created']);
    setErrors({});
  };

  const create = useMutation({
    mutationFn: () => api<CreatedWebhookEndpoint>('/api/v1/webhooks', { method: 'POST', body: { url: url.trim(), events } }),
    onSuccess: async (endpoint) => {
      reset();
      onCreated(endpoint);
      notifySuccess(t('webhooks.createdNotice'));
      await queryClient.invalidateQueries({ queryKey: webhooksKey });
    },
    onError: (err) => setErrors(formErrors(t, err, ['url', 'events'] as const)),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const local: typeof errors = {};
    if (!url.trim()) local.url = t('validation.required');
    if (events.length === 0) local.events = t('webhooks.eventsRequired');
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
      title={t('webhooks.createTitle')}
      centered
      size="lg"
    >
      <form onSubmit={submit} noValidate data-testid="webhook-create-form">
        <Stack gap="sm">
          {errors.form ? (
            <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />}>
              {errors.form}
            </Alert>
          ) : null}
          <TextInput label={t('webhooks.url')} description={t('webhooks.urlHelp')} placeholder="https://crm.example/hooks/sigilo" value={url} onChange={(e) => setUrl(e.currentTarget.value)} error={errors.url} required data-autofocus data-testid="webhook-url-input" />
          <Checkbox.Group label={t('webhooks.events')} description={t('webhooks.eventsHelp')} value={events} onChange={setEvents} error={errors.events}>
            <Stack gap={6} mt={6} data-testid="webhook-events">
              {eventList.isPending ? <Loader size="xs" /> : null}
              {eventList.isError ? (
                <Text size="xs" c="red.7">
                  {t('webhooks.eventsLoadError')}
                </Text>
              ) : null}
              {(eventList.data ?? []).map((e) => (
                <Checkbox key={e} value={e} label={<Code fz="xs">{e}</Code>} description={t(eventHelpKey(e), { defaultValue: '' })} data-testid={`webhook-event-${e}`} />
              ))}
            </Stack>
          </Checkbox.Group>
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending} data-testid="webhook-create-submit">
              {t('webhooks.createSubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
