import { Alert, Badge, Button, Card, Code, CopyButton, Group, Modal, PasswordInput, ScrollArea, SegmentedControl, Stack, Switch, Table, TagsInput, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconAlertTriangle, IconBrandWhatsapp, IconCheck, IconCode, IconCopy, IconMessageCircle, IconPlus, IconTemplate } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { Channel, CreatedChannel, Items } from '../api/types';
import { formErrors, notifyError, notifySuccess } from '../components/feedback';
import { formatDate } from '../components/format';
import { PageHeader } from '../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../components/States';
import { WhatsAppTemplatesModal } from './WhatsAppTemplatesModal';

const channelsKey = ['channels'] as const;

export function embedSnippet(publicKey: string): string {
  return `<script src="${window.location.origin}/widget.js" data-sigilo-key="${publicKey}" async></script>`;
}

function CopyField({ value, testId }: { value: string; testId: string }) {
  const { t } = useTranslation();
  return (
    <Stack gap={6}>
      <Code block fz="sm" style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }} data-testid={testId}>
        {value}
      </Code>
      <CopyButton value={value}>
        {({ copied, copy }) => (
          <Button size="xs" variant="light" w="fit-content" onClick={copy} leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />}>
            {copied ? t('common.copied') : t('common.copy')}
          </Button>
        )}
      </CopyButton>
    </Stack>
  );
}

export function ChannelsPage() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const channels = useQuery({ queryKey: channelsKey, queryFn: () => api<Items<Channel>>('/api/v1/channels') });
  const [createOpened, createModal] = useDisclosure(false);
  const [created, setCreated] = useState<CreatedChannel | null>(null);
  const [embedFor, setEmbedFor] = useState<Channel | null>(null);
  const [templatesFor, setTemplatesFor] = useState<Channel | null>(null);

  const toggle = useMutation({
    mutationFn: (input: { id: string; enabled: boolean }) => api<Channel>(`/api/v1/channels/${encodeURIComponent(input.id)}`, { method: 'PATCH', body: { enabled: input.enabled } }),
    onSuccess: (channel) => notifySuccess(channel.enabled ? t('channels.enabledNotice', { name: channel.name }) : t('channels.disabledNotice', { name: channel.name })),
    onError: (err) => notifyError(t, err),
    onSettled: () => queryClient.invalidateQueries({ queryKey: channelsKey }),
  });

  const rows = channels.data?.items ?? [];

  return (
    <>
      <PageHeader
        title={t('channels.title')}
        description={t('channels.description')}
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={createModal.open} data-testid="channel-create-open">
            {t('channels.create')}
          </Button>
        }
      />
      <Card withBorder radius="md" padding={0}>
        {channels.isPending ? (
          <LoadingState />
        ) : channels.isError ? (
          <Card.Section p="md">
            <ErrorState error={channels.error} onRetry={() => void channels.refetch()} />
          </Card.Section>
        ) : rows.length === 0 ? (
          <EmptyState title={t('channels.empty')}>{t('channels.emptyHelp')}</EmptyState>
        ) : (
          <ScrollArea>
            <Table verticalSpacing="sm" horizontalSpacing="md" data-testid="channels-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('channels.columns.name')}</Table.Th>
                  <Table.Th>{t('channels.columns.type')}</Table.Th>
                  <Table.Th>{t('channels.columns.details')}</Table.Th>
                  <Table.Th>{t('channels.columns.created')}</Table.Th>
                  <Table.Th>{t('channels.columns.enabled')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((channel) => (
                  <Table.Tr key={channel.id} data-testid="channel-row" data-type={channel.type}>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {channel.name}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={channel.type === 'whatsapp' ? 'teal' : 'blue'} tt="none" leftSection={channel.type === 'whatsapp' ? <IconBrandWhatsapp size={12} /> : <IconMessageCircle size={12} />}>
                        {t(`inbox.channels.${channel.type}`, { defaultValue: channel.type })}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      {channel.type === 'webchat' && channel.publicKey ? (
                        <Group gap="xs" wrap="nowrap">
                          <Code fz="xs">{channel.publicKey}</Code>
                          <Button size="compact-xs" variant="subtle" leftSection={<IconCode size={12} />} onClick={() => setEmbedFor(channel)} data-testid="channel-embed">
                            {t('channels.embedCode')}
                          </Button>
                        </Group>
                      ) : channel.type === 'whatsapp' && typeof channel.settings.phoneNumberId === 'string' ? (
                        <Group gap="xs" wrap="nowrap">
                          <Text size="xs" c="dimmed">
                            {t('channels.phoneNumberId')}: <Code fz="xs">{channel.settings.phoneNumberId}</Code>
                          </Text>
                          <Button size="compact-xs" variant="subtle" leftSection={<IconTemplate size={12} />} onClick={() => setTemplatesFor(channel)} data-testid="channel-templates">
                            {t('whatsapp.templates.open')}
                          </Button>
                        </Group>
                      ) : (
                        <Text size="xs" c="dimmed">
                          —
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{formatDate(channel.createdAt, i18n.language)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Switch
                        checked={channel.enabled}
                        onChange={(e) => toggle.mutate({ id: channel.id, enabled: e.currentTarget.checked })}
                        aria-label={t('channels.toggle', { name: channel.name })}
                        data-testid="channel-enabled"
                      />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea>
        )}
      </Card>

      <CreateChannelModal
        opened={createOpened}
        onClose={createModal.close}
        onCreated={(channel) => {
          createModal.close();
          setCreated(channel);
        }}
      />

      <Modal opened={!!created} onClose={() => setCreated(null)} title={t('channels.createdTitle')} centered size="lg" closeOnClickOutside={false}>
        {created ? (
          <Stack>
            {created.type === 'webchat' && created.publicKey ? (
              <>
                <Text size="sm">{t('channels.embedHelp')}</Text>
                <CopyField value={embedSnippet(created.publicKey)} testId="channel-snippet" />
              </>
            ) : (
              <Text size="sm">{t('channels.whatsappCreated')}</Text>
            )}
            {created.identitySecret ? (
              <>
                <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />}>
                  {t('channels.identitySecretOnce')}
                </Alert>
                <CopyField value={created.identitySecret} testId="channel-identity-secret" />
              </>
            ) : null}
            <Group justify="flex-end">
              <Button onClick={() => setCreated(null)} data-testid="channel-created-close">
                {t('tokens.done')}
              </Button>
            </Group>
          </Stack>
        ) : null}
      </Modal>

      <WhatsAppTemplatesModal channel={templatesFor} onClose={() => setTemplatesFor(null)} />

      <Modal opened={!!embedFor} onClose={() => setEmbedFor(null)} title={t('channels.embedCode')} centered size="lg">
        {embedFor?.publicKey ? (
          <Stack>
            <Text size="sm">{t('channels.embedHelp')}</Text>
            <CopyField value={embedSnippet(embedFor.publicKey)} testId="channel-embed-snippet" />
          </Stack>
        ) : null}
      </Modal>
    </>
  );
}

const FIELDS = ['name', 'phoneNumberId', 'accessToken', 'appSecret', 'verifyToken', 'graphApiUrl', 'businessAccountId', 'allowedOrigins'] as const;
type Field = (typeof FIELDS)[number];

function CreateChannelModal({ opened, onClose, onCreated }: { opened: boolean; onClose: () => void; onCreated: (channel: CreatedChannel) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [type, setType] = useState<'webchat' | 'whatsapp'>('webchat');
  const [values, setValues] = useState<Record<Exclude<Field, 'allowedOrigins'>, string>>({ name: '', phoneNumberId: '', accessToken: '', appSecret: '', verifyToken: '', graphApiUrl: '', businessAccountId: '' });
  const [origins, setOrigins] = useState<string[]>([]);
  const [errors, setErrors] = useState<Partial<Record<Field | 'form', string>>>({});

  const reset = () => {
    setValues({ name: '', phoneNumberId: '', accessToken: '', appSecret: '', verifyToken: '', graphApiUrl: '', businessAccountId: '' });
    setOrigins([]);
    setErrors({});
  };
  const set = (field: keyof typeof values) => (e: { currentTarget: { value: string } }) => setValues((v) => ({ ...v, [field]: e.currentTarget.value }));

  const create = useMutation({
    mutationFn: () => {
      const body =
        type === 'webchat'
          ? { type, name: values.name.trim(), allowedOrigins: origins }
          : {
              type,
              name: values.name.trim(),
              phoneNumberId: values.phoneNumberId.trim(),
              accessToken: values.accessToken,
              appSecret: values.appSecret,
              verifyToken: values.verifyToken,
              ...(values.graphApiUrl.trim() ? { graphApiUrl: values.graphApiUrl.trim() } : {}),
              ...(values.businessAccountId.trim() ? { businessAccountId: values.businessAccountId.trim() } : {}),
            };
      return api<CreatedChannel>('/api/v1/channels', { method: 'POST', body });
    },
    onSuccess: async (channel) => {
      reset();
      onCreated(channel);
      notifySuccess(t('channels.createdNotice', { name: channel.name }));
      await queryClient.invalidateQueries({ queryKey: channelsKey });
    },
    onError: (err) => setErrors(formErrors(t, err, FIELDS)),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const local: typeof errors = {};
    if (!values.name.trim()) local.name = t('validation.required');
    if (type === 'whatsapp') {
      if (!/^\d{5,20}$/.test(values.phoneNumberId.trim())) local.phoneNumberId = t('channels.phoneNumberIdHelp');
      for (const f of ['accessToken', 'appSecret', 'verifyToken'] as const) if (values[f].trim().length < 8) local[f] = t('channels.secretTooShort');
    }
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
      title={t('channels.createTitle')}
      centered
      size="lg"
    >
      <form onSubmit={submit} noValidate data-testid="channel-create-form">
        <Stack gap="sm">
          {errors.form ? (
            <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />}>
              {errors.form}
            </Alert>
          ) : null}
          <SegmentedControl
            value={type}
            onChange={(v) => {
              setType(v as 'webchat' | 'whatsapp');
              setErrors({});
            }}
            data={[
              { value: 'webchat', label: t('inbox.channels.webchat') },
              { value: 'whatsapp', label: t('inbox.channels.whatsapp') },
            ]}
            data-testid="channel-type"
          />
          <TextInput label={t('channels.columns.name')} description={t('channels.nameHelp')} value={values.name} onChange={set('name')} error={errors.name} required data-autofocus data-testid="channel-name" />
          {type === 'webchat' ? (
            <TagsInput
              label={t('channels.allowedOrigins')}
              description={t('channels.allowedOriginsHelp')}
              placeholder="https://shop.example"
              value={origins}
              onChange={setOrigins}
              error={errors.allowedOrigins}
              splitChars={[',', ' ']}
              data-testid="channel-origins"
            />
          ) : (
            <>
              <TextInput label={t('channels.phoneNumberId')} description={t('channels.phoneNumberIdHelp')} value={values.phoneNumberId} onChange={set('phoneNumberId')} error={errors.phoneNumberId} required inputMode="numeric" data-testid="channel-phone-number-id" />
              <PasswordInput label={t('channels.accessToken')} value={values.accessToken} onChange={set('accessToken')} error={errors.accessToken} required autoComplete="off" data-testid="channel-access-token" />
              <PasswordInput label={t('channels.appSecret')} description={t('channels.appSecretHelp')} value={values.appSecret} onChange={set('appSecret')} error={errors.appSecret} required autoComplete="off" data-testid="channel-app-secret" />
              <PasswordInput label={t('channels.verifyToken')} description={t('channels.verifyTokenHelp')} value={values.verifyToken} onChange={set('verifyToken')} error={errors.verifyToken} required autoComplete="off" data-testid="channel-verify-token" />
              <TextInput label={t('channels.graphApiUrl')} description={t('channels.graphApiUrlHelp')} placeholder="https://graph.facebook.com/v21.0" value={values.graphApiUrl} onChange={set('graphApiUrl')} error={errors.graphApiUrl} data-testid="channel-graph-url" />
              <TextInput label={t('whatsapp.templates.businessAccountId')} description={t('whatsapp.templates.businessAccountIdHelp')} value={values.businessAccountId} onChange={set('businessAccountId')} error={errors.businessAccountId} inputMode="numeric" data-testid="channel-business-account-id" />
            </>
          )}
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending} data-testid="channel-create-submit">
              {t('channels.createSubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
