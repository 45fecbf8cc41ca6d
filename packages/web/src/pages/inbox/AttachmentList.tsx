import { Badge, Button, Group, Paper, Stack, Text, Tooltip } from '@mantine/core';
import { IconDownload, IconFile, IconFileMusic, IconMovie, IconPhoto } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { MaskedText } from './MaskedText';
import { formatBytes, type AttachmentFacts } from './whatsapp';

const statusColor: Record<AttachmentFacts['status'], string> = { pending: 'gray', stored: 'teal', failed: 'red', refused: 'orange' };

function TypeIcon({ mimeType }: { mimeType: string }) {
  if (mimeType.startsWith('image/')) return <IconPhoto size={16} />;
  if (mimeType.startsWith('audio/')) return <IconFileMusic size={16} />;
  if (mimeType.startsWith('video/')) return <IconMovie size={16} />;
  return <IconFile size={16} />;
}

/**
 * The attachments of a message as masked facts (type, size, masked file name, status). The
 * original is only downloaded through the audited reveal (`onDownload` asks for a reason).
 */
export function AttachmentList({ attachments, canReveal, onDownload }: { attachments: AttachmentFacts[]; canReveal: boolean; onDownload: (attachment: AttachmentFacts) => void }) {
  const { t, i18n } = useTranslation();
  if (!attachments.length) return null;
  return (
    <Stack gap={4}>
      {attachments.map((a) => (
        <Paper key={a.id} withBorder radius="sm" px="xs" py={4} data-testid="attachment" data-status={a.status}>
          <Group gap="xs" wrap="nowrap" justify="space-between">
            <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
              <TypeIcon mimeType={a.mimeType} />
              <Stack gap={0} style={{ minWidth: 0 }}>
                <Text size="xs" fw={500} truncate data-testid="attachment-name">
                  {a.filenameMasked ? <MaskedText text={a.filenameMasked} /> : t('whatsapp.attachment.noName')}
                </Text>
                <Text size="xs" c="dimmed">
                  {a.mimeType} · {a.sizeBytes !== null ? formatBytes(a.sizeBytes, i18n.language) : t('whatsapp.attachment.unknownSize')}
                </Text>
              </Stack>
            </Group>
            <Group gap={6} wrap="nowrap">
              <Tooltip label={a.reason ? t(`whatsapp.attachment.reason.${a.reason}`, { defaultValue: a.reason }) : undefined} disabled={!a.reason} withArrow>
                <Badge size="xs" variant="light" color={statusColor[a.status]} tt="none" data-testid="attachment-status">
                  {t(`whatsapp.attachment.status.${a.status}`)}
                </Badge>
              </Tooltip>
              {canReveal && a.revealable ? (
                <Button size="compact-xs" variant="subtle" leftSection={<IconDownload size={12} />} onClick={() => onDownload(a)} data-testid="attachment-download">
                  {t('whatsapp.attachment.download')}
                </Button>
              ) : null}
            </Group>
          </Group>
          {a.reason && a.status !== 'stored' ? (
            <Text size="xs" c="dimmed" data-testid="attachment-reason">
              {t(`whatsapp.attachment.reason.${a.reason}`, { defaultValue: a.reason })}
            </Text>
          ) : null}
        </Paper>
      ))}
    </Stack>
  );
}
