import { ActionIcon, Alert, Badge, Button, Group, Modal, ScrollArea, Select, Stack, Table, Text, Textarea, TextInput, Tooltip } from '@mantine/core';
import { IconPlus, IconRefresh, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { Channel, Items } from '../api/types';
import { formErrors, notifyError, notifySuccess } from '../components/feedback';
import { EmptyState, ErrorState, LoadingState } from '../components/States';
import type { WhatsAppTemplate } from './inbox/whatsapp';

const CATEGORIES = ['UTILITY', 'MARKETING', 'AUTHENTICATION'] as const;
const STATUSES = ['APPROVED', 'PENDING', 'REJECTED', 'PAUSED', 'DISABLED', 'IN_APPEAL', 'LIMIT_EXCEEDED', 'PENDING_DELETION', 'DELETED', 'ARCHIVED'] as const;
const qualityColor = (score: string) => (score === 'GREEN' ? 'teal' : score === 'YELLOW' ? 'yellow' : score === 'RED' ? 'red' : 'gray');
const statusColor = (status: string) => (status === 'APPROVED' ? 'teal' : status === 'PENDING' || status === 'IN_APPEAL' ? 'yellow' : 'red');
const FIELDS = ['name', 'language', 'category', 'bodyText', 'status'] as const;
type Field = (typeof FIELDS)[number];

/**
 * The templates of one WhatsApp channel: the business account id to sync them from Meta, the list
 * with each one's status (only APPROVED ones can be sent), and registering or removing one by hand.
 */
export function WhatsAppTemplatesModal({ channel, onClose }: { channel: Channel | null; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const key = ['whatsapp-templates', channel?.id ?? '', 'all'];
  const templates = useQuery({
    queryKey: key,
    queryFn: () => api<Items<WhatsAppTemplate>>(`/api/v1/channels/${encodeURIComponent(channel!.id)}/templates`),
    enabled: !!channel,
  });
  const invalidate = () => queryClient.invalidateQueries({ queryKey: ['whatsapp-templates', channel?.id ?? ''] });

  const [waba, setWaba] = useState('');
  const [wabaError, setWabaError] = useState<string | null>(null);
  useEffect(() => {
    setWaba(typeof channel?.settings.businessAccountId === 'string' ? channel.settings.businessAccountId : '');
    setWabaError(null);
  }, [channel?.id]);

  const saveWaba = useMutation({
    mutationFn: () => api<Channel>(`/api/v1/channels/${encodeURIComponent(channel!.id)}`, { method: 'PATCH', body: { businessAccountId: waba.trim() || null } }),
    onSuccess: async () => {
      setWabaError(null);
      notifySuccess(t('whatsapp.templates.accountSaved'));
      await queryClient.invalidateQueries({ queryKey: ['channels'] });
    },
    onError: (err) => setWabaError(formErrors(t, err, ['businessAccountId'] as const).businessAccountId ?? formErrors(t, err, []).form ?? null),
  });
  const sync = useMutation({
    mutationFn: () => api<{ synced: number; removed: number }>(`/api/v1/channels/${encodeURIComponent(channel!.id)}/templates/sync`, { method: 'POST' }),
    onSuccess: (answer) => notifySuccess(t('whatsapp.templates.synced', { count: answer.synced, removed: answer.removed })),
    onError: (err) => notifyError(t, err),
    onSettled: invalidate,
  });
  const remove = useMutation({
    mutationFn: (id: string) => api(`/api/v1/channels/${encodeURIComponent(channel!.id)}/templates/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => notifySuccess(t('whatsapp.templates.deleted')),
    onError: (err) => notifyError(t, err),
    onSettled: invalidate,
  });
  const changeStatus = useMutation({
    mutationFn: (input: { id: string; status: string }) => api(`/api/v1/channels/${encodeURIComponent(channel!.id)}/templates/${encodeURIComponent(input.id)}`, { method: 'PATCH', body: { status: input.status } }),
    onSuccess: () => notifySuccess(t('whatsapp.templates.updated')),
    onError: (err) => notifyError(t, err),
    onSettled: invalidate,
  });

  const [adding, setAdding] = useState(false);
  const items = templates.data?.items ?? [];

  return (
    <Modal opened={!!channel} onClose={onClose} title={channel ? t('whatsapp.templates.title', { name: channel.name }) : ''} size="xl" centered>
      <Stack gap="sm" data-testid="templates-modal">
        <Text size="sm" c="dimmed">
          {t('whatsapp.templates.description')}
        </Text>
        <Group align="flex-end" gap="xs">
          <TextInput
            style={{ flex: 1 }}
            label={t('whatsapp.templates.businessAccountId')}
            description={t('whatsapp.templates.businessAccountIdHelp')}
            value={waba}
            onChange={(e) => setWaba(e.currentTarget.value)}
            error={wabaError}
            inputMode="numeric"
            data-testid="templates-waba"
          />
          <Button variant="default" onClick={() => saveWaba.mutate()} loading={saveWaba.isPending} data-testid="templates-waba-save">
            {t('whatsapp.templates.saveAccount')}
          </Button>
          <Button leftSection={<IconRefresh size={16} />} onClick={() => sync.mutate()} loading={sync.isPending} data-testid="templates-sync">
            {t('whatsapp.templates.sync')}
          </Button>
          <Button variant="light" leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)} data-testid="templates-add">
            {t('whatsapp.templates.add')}
          </Button>
        </Group>
        {templates.isPending ? (
          <LoadingState />
        ) : templates.isError ? (
          <ErrorState error={templates.error} onRetry={() => void templates.refetch()} />
        ) : items.length === 0 ? (
          <EmptyState title={t('whatsapp.templates.empty')} />
        ) : (
          <ScrollArea>
            <Table verticalSpacing="xs" data-testid="templates-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('whatsapp.templates.columns.name')}</Table.Th>
                  <Table.Th>{t('whatsapp.templates.columns.language')}</Table.Th>
                  <Table.Th>{t('whatsapp.templates.columns.category')}</Table.Th>
                  <Table.Th>{t('whatsapp.templates.columns.body')}</Table.Th>
                  <Table.Th>{t('whatsapp.templates.columns.status')}</Table.Th>
                  <Table.Th>{t('whatsapp.templates.columns.source')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((x) => (
                  <Table.Tr key={x.id} data-testid="template-row">
                    <Table.Td>
                      <Text size="sm" ff="monospace">
                        {x.name}
                      </Text>
                    </Table.Td>
                    <Table.Td>{x.language}</Table.Td>
                    <Table.Td>
                      <Text size="xs">{x.category}</Text>
                    </Table.Td>
                    <Table.Td maw={280}>
                      <Text size="xs" lineClamp={3}>
                        {x.bodyText}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {x.source === 'local' ? (
                        <Select
                          size="xs"
                          w={140}
                          value={x.status}
                          allowDeselect={false}
                          data={[...STATUSES]}
                          onChange={(value) => value && value !== x.status && changeStatus.mutate({ id: x.id, status: value })}
                          comboboxProps={{ withinPortal: true }}
                          aria-label={t('whatsapp.templates.columns.status')}
                        />
                      ) : (
                        <Badge size="sm" variant="light" color={statusColor(x.status)} tt="none" data-testid="template-status">
                          {x.status}
                        </Badge>
                      )}
                      {x.statusReason ? (
                        <Text size="xs" c="red.7" mt={4} data-testid="template-status-reason">
                          {t('whatsapp.templates.reason', { reason: t(`whatsapp.templates.reasons.${x.statusReason}`, { defaultValue: x.statusReason }) })}
                        </Text>
                      ) : null}
                      {x.qualityScore ? (
                        <Badge size="xs" mt={4} variant="dot" color={qualityColor(x.qualityScore)} tt="none" data-testid="template-quality">
                          {t('whatsapp.templates.quality', { score: t(`whatsapp.templates.qualityScores.${x.qualityScore}`, { defaultValue: x.qualityScore }) })}
                        </Badge>
                      ) : null}
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs">{t(`whatsapp.templates.source.${x.source}`)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Tooltip label={t('whatsapp.templates.delete')} withArrow>
                        <ActionIcon variant="subtle" color="red" onClick={() => remove.mutate(x.id)} aria-label={t('whatsapp.templates.delete')}>
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
      </Stack>
      {channel ? <AddTemplateModal channelId={channel.id} opened={adding} onClose={() => setAdding(false)} onCreated={invalidate} /> : null}
    </Modal>
  );
}

function AddTemplateModal({ channelId, opened, onClose, onCreated }: { channelId: string; opened: boolean; onClose: () => void; onCreated: () => void }) {
  const { t } = useTranslation();
  const empty = { name: '', language: 'pt_BR', category: 'UTILITY', bodyText: '', status: 'APPROVED' };
  const [values, setValues] = useState<Record<Field, string>>(empty);
  const [errors, setErrors] = useState<Partial<Record<Field | 'form', string>>>({});
  useEffect(() => {
    if (opened) {
      setValues(empty);
      setErrors({});
    }
  }, [opened]);
  const create = useMutation({
    mutationFn: () => api(`/api/v1/channels/${encodeURIComponent(channelId)}/templates`, { method: 'POST', body: { ...values, name: values.name.trim(), language: values.language.trim() } }),
    onSuccess: () => {
      notifySuccess(t('whatsapp.templates.created'));
      onCreated();
      onClose();
    },
    onError: (err) => setErrors(formErrors(t, err, FIELDS)),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const local: typeof errors = {};
    for (const f of ['name', 'language', 'bodyText'] as const) if (!values[f].trim()) local[f] = t('validation.required');
    setErrors(local);
    if (!Object.keys(local).length) create.mutate();
  };
  const set = (field: Field) => (e: { currentTarget: { value: string } }) => setValues((v) => ({ ...v, [field]: e.currentTarget.value }));
  return (
    <Modal opened={opened} onClose={onClose} title={t('whatsapp.templates.addTitle')} centered>
      <form onSubmit={submit} noValidate data-testid="template-form">
        <Stack gap="sm">
          {errors.form ? <Alert color="red" variant="light">{errors.form}</Alert> : null}
          <TextInput label={t('whatsapp.templates.fields.name')} value={values.name} onChange={set('name')} error={errors.name} required placeholder="pedido_enviado" data-testid="template-name" />
          <Group grow>
            <TextInput label={t('whatsapp.templates.fields.language')} value={values.language} onChange={set('language')} error={errors.language} required />
            <Select label={t('whatsapp.templates.fields.category')} value={values.category} allowDeselect={false} data={[...CATEGORIES]} onChange={(v) => v && setValues((x) => ({ ...x, category: v }))} comboboxProps={{ withinPortal: true }} />
            <Select label={t('whatsapp.templates.fields.status')} value={values.status} allowDeselect={false} data={[...STATUSES]} onChange={(v) => v && setValues((x) => ({ ...x, status: v }))} comboboxProps={{ withinPortal: true }} />
          </Group>
          <Textarea
            label={t('whatsapp.templates.fields.bodyText')}
            description={t('whatsapp.templates.fields.bodyTextHelp', { p1: '{{1}}', p2: '{{2}}' })}
            value={values.bodyText}
            onChange={set('bodyText')}
            error={errors.bodyText}
            autosize
            minRows={3}
            maxLength={1024}
            required
            data-testid="template-body"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending} data-testid="template-create">
              {t('whatsapp.templates.add')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
