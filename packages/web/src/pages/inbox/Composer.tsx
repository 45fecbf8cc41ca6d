import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconAlertTriangle, IconClockOff, IconPencil, IconSend, IconTemplate } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { notifyError } from '../../components/feedback';
import { inboxKeys } from '../../realtime/useRealtimeFeed';
import { piiTypeList } from './labels';
import { TemplateComposer } from './TemplateComposer';

/**
 * The reply box. While the agent types, the draft is checked for card numbers, CPFs, passwords and
 * document numbers (debounced, nothing cached); sending one anyway needs an explicit confirmation,
 * which the server enforces too (422 sensitive-content).
 */
export function Composer({ conversationId, whatsapp }: { conversationId: string; whatsapp?: { channelId: string; windowOpen: boolean } }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const [debounced] = useDebouncedValue(text, 400);
  const [warnings, setWarnings] = useState<string[]>([]);
  const [confirmTypes, setConfirmTypes] = useState<string[] | null>(null);
  const [sending, setSending] = useState(false);
  // WhatsApp: outside the 24-hour window only approved templates can be sent; inside, the agent may choose one.
  const [refusedOutsideWindow, setRefusedOutsideWindow] = useState(false);
  const [templateMode, setTemplateMode] = useState(false);
  const windowClosed = !!whatsapp && (!whatsapp.windowOpen || refusedOutsideWindow);

  // Live hint under the composer. The draft may hold personal data, so it stays out of the query cache.
  useEffect(() => {
    const draft = debounced.trim();
    if (!draft) {
      setWarnings([]);
      return;
    }
    const controller = new AbortController();
    api<{ warnings: string[] }>('/api/v1/pii/check', { method: 'POST', body: { text: draft }, signal: controller.signal }).then(
      (answer) => setWarnings(answer.warnings ?? []),
      () => undefined, // the hint is a courtesy; the server still checks on send
    );
    return () => controller.abort();
  }, [debounced]);

  const send = async (confirmed: boolean) => {
    const draft = text.trim();
    if (!draft || sending) return;
    setSending(true);
    try {
      await api(`/api/v1/conversations/${encodeURIComponent(conversationId)}/messages`, { method: 'POST', body: { text: draft, ...(confirmed ? { confirmed: true } : {}) } });
      setText('');
      setWarnings([]);
      setConfirmTypes(null);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: inboxKeys.messages(conversationId) }),
        queryClient.invalidateQueries({ queryKey: inboxKeys.conversations }),
      ]);
    } catch (err) {
      if (err instanceof ApiError && err.status === 422 && err.kind === 'sensitive-content') {
        const types = Array.isArray(err.problem.piiTypes) ? (err.problem.piiTypes as string[]) : warnings;
        setConfirmTypes(types);
      } else if (err instanceof ApiError && err.status === 422 && err.kind === 'outside-24h-window') {
        setConfirmTypes(null);
        setRefusedOutsideWindow(true);
      } else {
        setConfirmTypes(null);
        notifyError(t, err);
      }
    } finally {
      setSending(false);
    }
  };

  const hint = text.trim() && warnings.length > 0;

  if (whatsapp && (windowClosed || templateMode)) {
    return (
      <Stack gap={6} p="sm" style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }} data-testid="composer" data-mode="template">
        {windowClosed ? (
          <Alert color="yellow" variant="light" py={6} icon={<IconClockOff size={16} />} title={t('whatsapp.window.closedTitle')} data-testid="window-closed">
            <Text size="xs">{t('whatsapp.window.closedBody')}</Text>
          </Alert>
        ) : (
          <Group justify="flex-end">
            <Button size="compact-xs" variant="subtle" leftSection={<IconPencil size={12} />} onClick={() => setTemplateMode(false)} data-testid="composer-text-mode">
              {t('whatsapp.window.backToText')}
            </Button>
          </Group>
        )}
        <TemplateComposer conversationId={conversationId} channelId={whatsapp.channelId} />
      </Stack>
    );
  }

  return (
    <Stack gap={6} p="sm" style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }} data-testid="composer">
      {hint ? (
        <Alert color="yellow" variant="light" py={6} icon={<IconAlertTriangle size={16} />} data-testid="composer-warning">
          <Text size="xs">{t('inbox.composer.warning', { types: piiTypeList(t, warnings) })}</Text>
        </Alert>
      ) : null}
      {whatsapp ? (
        <Group justify="flex-end">
          <Button size="compact-xs" variant="subtle" leftSection={<IconTemplate size={12} />} onClick={() => setTemplateMode(true)} data-testid="composer-template-mode">
            {t('whatsapp.window.useTemplate')}
          </Button>
        </Group>
      ) : null}
      <Group align="flex-end" wrap="nowrap" gap="xs">
        <Textarea
          style={{ flex: 1 }}
          aria-label={t('inbox.composer.label')}
          placeholder={t('inbox.composer.placeholder')}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              void send(false);
            }
          }}
          autosize
          minRows={2}
          maxRows={8}
          data-testid="composer-input"
        />
        <Button leftSection={<IconSend size={16} />} onClick={() => void send(false)} loading={sending && confirmTypes === null} disabled={!text.trim()} data-testid="composer-send">
          {t('inbox.composer.send')}
        </Button>
      </Group>

      <Modal opened={confirmTypes !== null} onClose={() => setConfirmTypes(null)} title={t('inbox.sensitiveConfirm.title')} centered>
        <Stack>
          <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} data-testid="sensitive-confirm">
            <Text size="sm">{t('inbox.sensitiveConfirm.body', { types: piiTypeList(t, confirmTypes ?? []) })}</Text>
          </Alert>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmTypes(null)} data-autofocus data-testid="sensitive-edit">
              {t('inbox.sensitiveConfirm.edit')}
            </Button>
            <Button color="orange" loading={sending} onClick={() => void send(true)} data-testid="sensitive-send-anyway">
              {t('inbox.sensitiveConfirm.sendAnyway')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
