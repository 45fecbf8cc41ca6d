import { Badge, Box, Card, Group, Title, Tooltip } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { ConversationSummary, Items, Session } from '../../api/types';
import { EmptyState, LoadingState } from '../../components/States';
import { navigate, useSearchParam, withSearchParam } from '../../router';
import { inboxKeys, POLL_INTERVAL_MS, useRealtimeFeed } from '../../realtime/useRealtimeFeed';
import { ContactPanel } from './ContactPanel';
import { ConversationList, type ListFilters } from './ConversationList';
import { ConversationView } from './ConversationView';

const FEED_COLOR = { live: 'teal', polling: 'yellow', connecting: 'gray' } as const;

/** Three panes: the conversation list, the open conversation, and the contact behind it. */
export function InboxPage({ session }: { session: Session }) {
  const { t } = useTranslation();
  const feed = useRealtimeFeed();
  const pollInterval = feed === 'live' ? false : POLL_INTERVAL_MS;
  const selectedId = useSearchParam('c');
  const [filters, setFilters] = useState<ListFilters>({ status: 'open', assignee: 'all', search: '' });
  // The open conversation may leave the current list (resolved while on "Open"): keep what we last knew.
  const [known, setKnown] = useState<ConversationSummary | null>(null);
  const [listed, setListed] = useState<ConversationSummary | null>(null);

  const onItems = useCallback(
    (items: ConversationSummary[]) => {
      const found = selectedId ? items.find((c) => c.id === selectedId) ?? null : null;
      setListed(found);
      if (found) setKnown(found);
    },
    [selectedId],
  );

  // A deep link to a conversation outside the current list: look it up among the recent ones.
  const needsLookup = !!selectedId && !listed && known?.id !== selectedId;
  const lookup = useQuery({
    queryKey: inboxKeys.conversationLookup(selectedId ?? ''),
    queryFn: ({ signal }) => api<Items<ConversationSummary>>('/api/v1/conversations?limit=200', { signal }),
    enabled: needsLookup,
    select: (answer) => answer.items.find((c) => c.id === selectedId) ?? null,
  });
  useEffect(() => {
    if (lookup.data) setKnown(lookup.data);
  }, [lookup.data]);

  const current = listed ?? (known?.id === selectedId ? known : null);

  const select = (conversation: ConversationSummary) => {
    setKnown(conversation);
    navigate(withSearchParam('c', conversation.id));
  };

  return (
    <Box h="calc(100dvh - var(--app-shell-header-offset, 60px) - 2 * var(--mantine-spacing-lg))" style={{ display: 'flex', flexDirection: 'column', minHeight: 480 }}>
      <Group justify="space-between" mb="sm">
        <Title order={3} data-testid="page-title">
          {t('inbox.title')}
        </Title>
        <Tooltip label={t(`inbox.feedHelp.${feed}`)} withArrow>
          <Badge variant="dot" color={FEED_COLOR[feed]} tt="none" data-testid="inbox-feed" data-state={feed}>
            {t(`inbox.feed.${feed}`)}
          </Badge>
        </Tooltip>
      </Group>
      <Card withBorder radius="md" padding={0} style={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'row' }}>
        <Box w={{ base: '100%', sm: 320 }} style={{ flexShrink: 0, borderRight: '1px solid var(--mantine-color-gray-3)', minHeight: 0 }}>
          <ConversationList
            filters={filters}
            onFiltersChange={setFilters}
            selectedId={selectedId}
            onSelect={select}
            onItems={onItems}
            pollInterval={pollInterval}
            myId={session.user.id}
          />
        </Box>
        <Box style={{ flex: 1, minWidth: 0, minHeight: 0 }} visibleFrom="sm">
          {!selectedId ? (
            <EmptyState title={t('inbox.noSelection')}>{t('inbox.noSelectionHelp')}</EmptyState>
          ) : current ? (
            <ConversationView
              key={current.id}
              conversation={current}
              session={session}
              pollInterval={pollInterval}
              onChanged={(changes) => setKnown((prev) => (prev && prev.id === current.id ? { ...prev, ...changes } : { ...current, ...changes }))}
            />
          ) : lookup.isFetching ? (
            <LoadingState />
          ) : (
            <EmptyState title={t('inbox.notFound')} />
          )}
        </Box>
        {/* Keyed by conversation: opening another conversation of the same contact re-reads its count. */}
        {current && session.permissions.includes('contacts:read') ? (
          <Box w={280} style={{ flexShrink: 0, borderLeft: '1px solid var(--mantine-color-gray-3)', overflowY: 'auto' }} visibleFrom="lg">
            <ContactPanel key={current.id} contactId={current.contact.id} canReveal={session.permissions.includes('pii:reveal')} />
          </Box>
        ) : null}
      </Card>
    </Box>
  );
}
