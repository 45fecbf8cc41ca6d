import { ActionIcon, Avatar, Badge, Box, Button, Code, Group, Stack, Text, Title, Tooltip } from '@mantine/core';
import { IconEye, IconEyeOff, IconShieldLock } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import type { Contact, ContactIdentity } from '../../api/types';
import { formatDate } from '../../components/format';
import { ErrorState, LoadingState } from '../../components/States';
import { inboxKeys } from '../../realtime/useRealtimeFeed';
import { identityKindLabel } from './labels';
import { RevealModal } from './RevealModal';
import { ContactConsentPanel } from '../consent/ContactConsentPanel';

type Revealed = Record<string, { value: string } | { gone: true }>;

/** The customer behind the conversation: masked identities, each revealable with a reason. */
export function ContactPanel({ contactId, canReveal }: { contactId: string; canReveal: boolean }) {
  const { t, i18n } = useTranslation();
  const contact = useQuery({ queryKey: inboxKeys.contact(contactId), queryFn: ({ signal }) => api<Contact>(`/api/v1/contacts/${encodeURIComponent(contactId)}`, { signal }) });
  // Originals live in this component only, and go when another contact is shown.
  const [revealed, setRevealed] = useState<Revealed>({});
  const [target, setTarget] = useState<ContactIdentity | null>(null);
  useEffect(() => setRevealed({}), [contactId]);

  if (contact.isPending) return <LoadingState />;
  if (contact.isError) {
    if (contact.error instanceof ApiError && contact.error.status === 403) return null;
    return (
      <Box p="sm">
        <ErrorState error={contact.error} onRetry={() => void contact.refetch()} />
      </Box>
    );
  }
  const c = contact.data;
  const name = c.displayName || t('inbox.anonymous');

  return (
    <Stack gap="md" p="md" data-testid="contact-panel">
      <Group gap="sm" wrap="nowrap">
        <Avatar radius="xl" color="grape">
          {name.slice(0, 1).toUpperCase()}
        </Avatar>
        <Stack gap={0} style={{ minWidth: 0 }}>
          <Title order={4} lineClamp={1} data-testid="contact-name">
            {name}
          </Title>
          <Text size="xs" c="dimmed">
            {t('inbox.contact.since', { date: formatDate(c.createdAt, i18n.language) })}
          </Text>
        </Stack>
      </Group>
      <Badge variant="light" color="gray" tt="none" data-testid="contact-conversation-count">
        {t('inbox.contact.conversations', { count: c.conversationCount })}
      </Badge>
      <Stack gap={6}>
        <Text size="xs" fw={600} c="dimmed" tt="uppercase">
          {t('inbox.contact.identities')}
        </Text>
        {c.identities.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('inbox.contact.noIdentities')}
          </Text>
        ) : (
          c.identities.map((identity) => {
            const shown = revealed[identity.id];
            return (
              <Box key={identity.id} data-testid="contact-identity" data-kind={identity.kind}>
                <Group justify="space-between" wrap="nowrap" gap={4}>
                  <Text size="xs" c="dimmed">
                    {identityKindLabel(t, identity.kind)}
                    {identity.verified ? ` · ${t('inbox.contact.verified')}` : ''}
                  </Text>
                  {canReveal && !shown ? (
                    <Tooltip label={t('inbox.reveal.action')} withArrow>
                      <ActionIcon size="sm" variant="subtle" color="gray" onClick={() => setTarget(identity)} aria-label={`${t('inbox.reveal.action')}: ${identityKindLabel(t, identity.kind)}`} data-testid="identity-reveal">
                        <IconEye size={14} />
                      </ActionIcon>
                    </Tooltip>
                  ) : null}
                </Group>
                {shown && 'value' in shown ? (
                  <Stack gap={4}>
                    <Code fz="sm" style={{ wordBreak: 'break-all' }} data-testid="identity-original">
                      {shown.value}
                    </Code>
                    <Group gap={6}>
                      <Badge size="xs" color="orange" variant="light" leftSection={<IconShieldLock size={10} />} tt="none">
                        {t('inbox.reveal.revealed')}
                      </Badge>
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        color="gray"
                        leftSection={<IconEyeOff size={12} />}
                        onClick={() =>
                          setRevealed((prev) => {
                            const next = { ...prev };
                            delete next[identity.id];
                            return next;
                          })
                        }
                      >
                        {t('inbox.reveal.hide')}
                      </Button>
                    </Group>
                  </Stack>
                ) : (
                  <Code fz="sm" data-testid="identity-masked">
                    {identity.masked}
                  </Code>
                )}
                {shown && 'gone' in shown ? (
                  <Text size="xs" c="red.7">
                    {t('inbox.reveal.gone')}
                  </Text>
                ) : null}
              </Box>
            );
          })
        )}
      </Stack>

      <ContactConsentPanel contactId={contactId} />

      <RevealModal
        opened={!!target}
        onClose={() => setTarget(null)}
        title={t('inbox.reveal.identityTitle')}
        onReveal={async (reason) => {
          if (!target) return;
          const id = target.id;
          try {
            const answer = await api<{ value: string }>(`/api/v1/contacts/${encodeURIComponent(contactId)}/identities/${encodeURIComponent(id)}/reveal`, {
              method: 'POST',
              body: { reason },
            });
            setRevealed((prev) => ({ ...prev, [id]: { value: answer.value } }));
          } catch (err) {
            if (err instanceof ApiError && err.status === 410) setRevealed((prev) => ({ ...prev, [id]: { gone: true } }));
            throw err;
          }
        }}
      />
    </Stack>
  );
}
