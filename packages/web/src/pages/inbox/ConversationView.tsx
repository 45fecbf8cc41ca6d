import { Badge, Box, Group, ScrollArea, SegmentedControl, Select, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { CONVERSATION_STATUSES, PRIORITIES, type ConversationSummary, type Items, type Message, type Session, type User } from '../../api/types';
import { notifyError, notifySuccess } from '../../components/feedback';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { inboxKeys } from '../../realtime/useRealtimeFeed';
import { Composer } from './Composer';
import { channelLabel } from './labels';
import { MessageBubble, type RevealState } from './MessageBubble';
import { RevealModal } from './RevealModal';
import { apiDownload } from '../../api/client';
import { isWindowOpen, saveBlob, type AttachmentFacts, type MessageWithAttachments } from './whatsapp';

type Changes = Partial<Pick<ConversationSummary, 'status' | 'priority' | 'assigneeId'>>;

const NOBODY = '__none__';

function useAssignableUsers(enabled: boolean) {
  return useQuery({ queryKey: ['users'], queryFn: () => api<Items<User>>('/api/v1/users'), enabled, staleTime: 60_000 });
}

/**
 * One conversation: header with status, priority and assignee; messages (masked, each revealable with
 * a reason); the composer. Revealed originals are held in this component's state only — the parent
 * keys it by conversation id, so switching conversations or leaving the page forgets them.
 */
export function ConversationView({
  conversation,
  session,
  pollInterval,
  onChanged,
}: {
  conversation: ConversationSummary;
  session: Session;
  pollInterval: number | false;
  onChanged: (changes: Changes) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const can = (p: string) => session.permissions.includes(p);
  const canReply = can('conversations:reply');
  const canManage = can('conversations:manage');
  const canReveal = can('pii:reveal');
  const me = session.user;

  const messages = useQuery({
    queryKey: inboxKeys.messages(conversation.id),
    queryFn: ({ signal }) => api<Items<Message>>(`/api/v1/conversations/${encodeURIComponent(conversation.id)}/messages?limit=500`, { signal }),
    refetchInterval: pollInterval,
  });
  const users = useAssignableUsers(canReply && can('users:read'));

  const [revealed, setRevealed] = useState<Record<string, RevealState>>({});
  const [revealTarget, setRevealTarget] = useState<string | null>(null);
  const [downloadTarget, setDownloadTarget] = useState<{ messageId: string; attachment: AttachmentFacts } | null>(null);
  const [saving, setSaving] = useState(false);

  const items: MessageWithAttachments[] = messages.data?.items ?? [];
  const whatsapp = conversation.channelType === 'whatsapp' && conversation.channelId ? { channelId: conversation.channelId, windowOpen: isWindowOpen(items) } : undefined;
  const viewport = useRef<HTMLDivElement>(null);
  const lastId = items[items.length - 1]?.id;
  useEffect(() => {
    viewport.current?.scrollTo({ top: viewport.current.scrollHeight });
  }, [lastId]);

  const update = async (changes: Changes) => {
    setSaving(true);
    try {
      await api(`/api/v1/conversations/${encodeURIComponent(conversation.id)}`, { method: 'PATCH', body: changes });
      onChanged(changes);
      notifySuccess(t('inbox.changed'));
      await queryClient.invalidateQueries({ queryKey: inboxKeys.conversations });
    } catch (err) {
      notifyError(t, err);
    } finally {
      setSaving(false);
    }
  };

  // Assignee choices: nobody, me, and — for those who may assign others and can list users — everyone active.
  const assigneeOptions = [
    { value: NOBODY, label: t('inbox.unassigned') },
    { value: me.id, label: t('inbox.me', { name: me.name || me.email }) },
  ];
  if (canManage) {
    for (const user of users.data?.items ?? []) {
      if (user.id !== me.id && !user.disabled) assigneeOptions.push({ value: user.id, label: user.name || user.email });
    }
  }
  if (conversation.assigneeId && !assigneeOptions.some((o) => o.value === conversation.assigneeId)) {
    const known = users.data?.items.find((u) => u.id === conversation.assigneeId);
    assigneeOptions.push({ value: conversation.assigneeId, label: known ? known.name || known.email : t('inbox.assignedToOther') });
  }

  return (
    <Stack gap={0} h="100%" data-testid="conversation-view" data-conversation-id={conversation.id}>
      <Box p="sm" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Title order={4} lineClamp={1} data-testid="conversation-title">
              {conversation.contact.displayName || t('inbox.anonymous')}
            </Title>
            <Group gap={6}>
              <Badge size="sm" variant="light" color="gray" tt="none">
                {channelLabel(t, conversation.channelType)}
              </Badge>
              {conversation.team ? (
                <Badge size="sm" variant="outline" color="gray" tt="none">
                  {conversation.team}
                </Badge>
              ) : null}
            </Group>
          </Stack>
          <Group gap="xs" wrap="wrap" align="flex-end">
            <SegmentedControl
              size="xs"
              aria-label={t('inbox.statusLabel')}
              value={conversation.status}
              disabled={!canReply || saving}
              onChange={(value) => void update({ status: value as ConversationSummary['status'] })}
              data={CONVERSATION_STATUSES.map((s) => ({ value: s, label: t(`inbox.statusOne.${s}`) }))}
              data-testid="conversation-status"
            />
            <Select
              size="xs"
              w={120}
              aria-label={t('inbox.priorityLabel')}
              value={conversation.priority}
              disabled={!canReply || saving}
              allowDeselect={false}
              onChange={(value) => value && value !== conversation.priority && void update({ priority: value as ConversationSummary['priority'] })}
              data={PRIORITIES.map((p) => ({ value: p, label: t(`inbox.priority.${p}`) }))}
              comboboxProps={{ withinPortal: true }}
              data-testid="conversation-priority"
            />
            <Select
              size="xs"
              w={190}
              aria-label={t('inbox.assignee')}
              value={conversation.assigneeId ?? NOBODY}
              disabled={!canReply || saving}
              allowDeselect={false}
              searchable={assigneeOptions.length > 6}
              onChange={(value) => {
                if (!value) return;
                const next = value === NOBODY ? null : value;
                if (next !== conversation.assigneeId) void update({ assigneeId: next });
              }}
              data={assigneeOptions}
              comboboxProps={{ withinPortal: true }}
              data-testid="conversation-assignee"
            />
          </Group>
        </Group>
      </Box>

      <ScrollArea style={{ flex: 1 }} viewportRef={viewport} type="auto" bg="var(--mantine-color-gray-0)">
        <Stack gap="sm" p="md" role="log" aria-label={t('inbox.messagesLabel')} data-testid="message-list">
          {messages.isPending ? (
            <LoadingState />
          ) : messages.isError ? (
            <ErrorState error={messages.error} onRetry={() => void messages.refetch()} />
          ) : items.length === 0 ? (
            <EmptyState title={t('inbox.noMessages')} />
          ) : (
            items.map((message) => (
              <MessageBubble
                key={message.id}
                message={message}
                country={session.organization.country}
                canReveal={canReveal}
                revealed={revealed[message.id]}
                onReveal={() => setRevealTarget(message.id)}
                onDownload={(attachment) => setDownloadTarget({ messageId: message.id, attachment })}
                onHide={() =>
                  setRevealed((prev) => {
                    const next = { ...prev };
                    delete next[message.id];
                    return next;
                  })
                }
              />
            ))
          )}
        </Stack>
      </ScrollArea>

      {canReply ? (
        <Composer conversationId={conversation.id} whatsapp={messages.isSuccess ? whatsapp : undefined} />
      ) : (
        <Text size="sm" c="dimmed" p="sm" style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}>
          {t('inbox.composer.cannotReply')}
        </Text>
      )}

      <RevealModal
        opened={downloadTarget !== null}
        onClose={() => setDownloadTarget(null)}
        title={t('whatsapp.attachment.revealTitle')}
        explain={t('whatsapp.attachment.revealExplain')}
        onReveal={async (reason) => {
          if (!downloadTarget) return;
          const { messageId, attachment } = downloadTarget;
          const file = await apiDownload(`/api/v1/messages/${encodeURIComponent(messageId)}/attachments/${encodeURIComponent(attachment.id)}/reveal`, { reason });
          saveBlob(file.blob, file.filename ?? 'attachment');
        }}
      />

      <RevealModal
        opened={revealTarget !== null}
        onClose={() => setRevealTarget(null)}
        title={t('inbox.reveal.title')}
        onReveal={async (reason) => {
          if (!revealTarget) return;
          const id = revealTarget;
          try {
            const answer = await api<{ messageId: string; body: string }>(`/api/v1/messages/${encodeURIComponent(id)}/reveal`, { method: 'POST', body: { reason } });
            setRevealed((prev) => ({ ...prev, [id]: { body: answer.body } }));
          } catch (err) {
            if (err instanceof ApiError && err.status === 410) setRevealed((prev) => ({ ...prev, [id]: { gone: true } }));
            throw err;
          }
        }}
      />
    </Stack>
  );
}
