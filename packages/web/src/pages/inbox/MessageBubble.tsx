import { ActionIcon, Badge, Box, Button, Group, Paper, Stack, Text, Tooltip } from '@mantine/core';
import { IconAlertCircle, IconCheck, IconChecks, IconClock, IconEye, IconEyeOff, IconShieldLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Country, Message } from '../../api/types';
import { formatDateTime } from '../../components/format';
import { piiTypeLabel, sensitiveLabel, sensitiveLaw } from './labels';
import { MaskedText } from './MaskedText';
import { AttachmentList } from './AttachmentList';
import type { AttachmentFacts, MessageWithAttachments } from './whatsapp';

export type RevealState = { body: string } | { gone: true };

function DeliveryState({ message }: { message: Message }) {
  const { t } = useTranslation();
  if (message.direction !== 'outbound') return null;
  const label = t(`inbox.state.${message.state}`, { defaultValue: message.state });
  const icon =
    message.state === 'failed' ? (
      <IconAlertCircle size={14} color="var(--mantine-color-red-7)" />
    ) : message.state === 'read' ? (
      <IconChecks size={14} color="var(--mantine-color-blue-6)" />
    ) : message.state === 'delivered' ? (
      <IconChecks size={14} />
    ) : message.state === 'sent' ? (
      <IconCheck size={14} />
    ) : (
      <IconClock size={14} />
    );
  return (
    <Group gap={3} wrap="nowrap" data-testid="message-state" data-state={message.state} aria-label={label}>
      {icon}
      <Text size="xs" c={message.state === 'failed' ? 'red.7' : 'dimmed'}>
        {label}
      </Text>
    </Group>
  );
}

function failureReason(message: Message): string | null {
  const err = message.error;
  if (!err) return null;
  for (const key of ['message', 'title', 'detail', 'reason', 'code']) {
    const value = err[key];
    if (typeof value === 'string' || typeof value === 'number') return String(value);
  }
  return null;
}

export function MessageBubble({
  message,
  country,
  canReveal,
  revealed,
  onReveal,
  onHide,
  onDownload,
}: {
  message: MessageWithAttachments;
  country: Country;
  canReveal: boolean;
  revealed: RevealState | undefined;
  onReveal: () => void;
  onHide: () => void;
  onDownload: (attachment: AttachmentFacts) => void;
}) {
  const { t, i18n } = useTranslation();
  const outbound = message.direction === 'outbound';
  const sender = message.senderType === 'agent' ? t('inbox.agent') : message.senderType === 'system' ? t('inbox.system') : t('inbox.customer');
  const shown = revealed && 'body' in revealed ? revealed.body : null;
  const gone = !!revealed && 'gone' in revealed;
  const failure = message.state === 'failed' ? failureReason(message) : null;
  const text = message.body || (message.contentType !== 'text' && !message.attachments?.length ? t('inbox.unsupported', { type: message.contentType }) : '');

  return (
    <Group justify={outbound ? 'flex-end' : 'flex-start'} wrap="nowrap" data-testid="message" data-message-id={message.id} data-direction={message.direction}>
      <Paper
        px="sm"
        py={8}
        radius="lg"
        maw="78%"
        withBorder
        style={{
          background: outbound ? 'var(--mantine-color-blue-0)' : 'var(--mantine-color-white)',
          borderColor: shown ? 'var(--mantine-color-orange-5)' : undefined,
          borderTopLeftRadius: outbound ? undefined : 4,
          borderTopRightRadius: outbound ? 4 : undefined,
        }}
      >
        <Stack gap={4}>
          <Text size="xs" c="dimmed" fw={500}>
            {sender}
          </Text>
          {shown !== null ? (
            <Box>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }} data-testid="message-original">
                {shown}
              </Text>
              <Group gap={6} mt={6}>
                <Badge size="sm" color="orange" variant="light" leftSection={<IconShieldLock size={12} />} tt="none" data-testid="revealed-marker">
                  {t('inbox.reveal.revealed')}
                </Badge>
                <Button size="compact-xs" variant="subtle" color="gray" leftSection={<IconEyeOff size={12} />} onClick={onHide} data-testid="message-hide">
                  {t('inbox.reveal.hide')}
                </Button>
              </Group>
            </Box>
          ) : (
            <Text size="sm" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }} data-testid="message-body">
              <MaskedText text={text} />
            </Text>
          )}
          {message.attachments?.length ? <AttachmentList attachments={message.attachments} canReveal={canReveal} onDownload={onDownload} /> : null}
          {gone ? (
            <Text size="xs" c="red.7" data-testid="message-gone">
              {t('inbox.reveal.gone')}
            </Text>
          ) : null}
          {message.piiTypes.length > 0 || message.sensitiveFlags.length > 0 ? (
            <Group gap={4}>
              {[...new Set(message.piiTypes)].map((type) => (
                <Badge key={type} size="xs" variant="outline" color="gray" tt="none" data-testid="message-pii-type">
                  {piiTypeLabel(t, type)}
                </Badge>
              ))}
              {message.sensitiveFlags.map((flag) => (
                <Tooltip key={flag} label={sensitiveLaw(t, country)} withArrow>
                  <Badge size="xs" variant="filled" color="grape" tt="none" data-testid="message-sensitive" aria-label={`${sensitiveLabel(t, flag)} — ${sensitiveLaw(t, country)}`}>
                    {sensitiveLabel(t, flag)} · {country === 'BR' ? t('pii.sensitiveShort.lgpd') : t('pii.sensitiveShort.gdpr')}
                  </Badge>
                </Tooltip>
              ))}
            </Group>
          ) : null}
          {failure ? (
            <Text size="xs" c="red.7">
              {failure}
            </Text>
          ) : null}
          <Group gap="xs" justify="space-between" wrap="nowrap">
            <Text size="xs" c="dimmed">
              {formatDateTime(message.createdAt, i18n.language)}
            </Text>
            <Group gap={6} wrap="nowrap">
              <DeliveryState message={message} />
              {canReveal && message.revealable && shown === null && !gone ? (
                <Tooltip label={t('inbox.reveal.action')} withArrow>
                  <ActionIcon variant="subtle" size="sm" color="gray" onClick={onReveal} aria-label={t('inbox.reveal.action')} data-testid="message-reveal">
                    <IconEye size={15} />
                  </ActionIcon>
                </Tooltip>
              ) : null}
            </Group>
          </Group>
        </Stack>
      </Paper>
    </Group>
  );
}
