import { Badge, Box, Button, Group, Kbd, ScrollArea, SegmentedControl, Stack, Tabs, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, queryString } from '../../api/client';
import { CONVERSATION_STATUSES, type ConversationStatus, type ConversationSummary, type Items } from '../../api/types';
import { fromNow } from '../../components/format';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { inboxKeys } from '../../realtime/useRealtimeFeed';
import { channelLabel } from './labels';
import { MaskedText } from './MaskedText';

const PAGE_SIZE = 50;
export type AssigneeFilter = 'all' | 'mine' | 'unassigned';

export interface ListFilters {
  status: ConversationStatus;
  assignee: AssigneeFilter;
  search: string;
}

const PRIORITY_COLOR: Record<string, string> = { low: 'gray', normal: 'blue', high: 'orange', urgent: 'red' };

export function ConversationList({
  filters,
  onFiltersChange,
  selectedId,
  onSelect,
  onItems,
  pollInterval,
  myId,
}: {
  filters: ListFilters;
  onFiltersChange: (next: ListFilters) => void;
  selectedId: string | null;
  onSelect: (conversation: ConversationSummary) => void;
  onItems: (items: ConversationSummary[]) => void;
  pollInterval: number | false;
  myId: string;
}) {
  const { t, i18n } = useTranslation();
  const searchRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const [search] = useDebouncedValue(filters.search.trim(), 300);
  const params = {
    status: filters.status,
    assignee: filters.assignee === 'mine' ? 'me' : filters.assignee === 'unassigned' ? 'none' : undefined,
    q: search || undefined,
  };

  const list = useInfiniteQuery({
    queryKey: [...inboxKeys.conversations, params],
    queryFn: ({ pageParam, signal }) =>
      api<Items<ConversationSummary>>(`/api/v1/conversations${queryString({ ...params, limit: PAGE_SIZE, before: pageParam })}`, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => (last.items.length < PAGE_SIZE ? undefined : last.items[last.items.length - 1]?.lastMessageAt),
    refetchInterval: pollInterval,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  useEffect(() => {
    if (list.data) onItems(list.data.pages.flatMap((p) => p.items));
  }, [list.data, onItems]);

  // "/" jumps to the search box from anywhere in the inbox that is not a text field.
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target as HTMLElement | null;
      if (target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return;
      event.preventDefault();
      searchRef.current?.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // Arrow keys (or j/k) move through the list and open the conversation under the cursor.
  const onListKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const down = event.key === 'ArrowDown' || event.key === 'j';
    const up = event.key === 'ArrowUp' || event.key === 'k';
    if (!down && !up) return;
    if (items.length === 0) return;
    event.preventDefault();
    const index = items.findIndex((c) => c.id === selectedId);
    const nextIndex = index < 0 ? 0 : Math.min(items.length - 1, Math.max(0, index + (down ? 1 : -1)));
    const next = items[nextIndex];
    if (!next) return;
    onSelect(next);
    listRef.current?.querySelector<HTMLElement>(`[data-conversation-id="${next.id}"]`)?.focus();
  };

  const filtered = filters.assignee !== 'all' || !!search;

  return (
    <Stack gap={0} h="100%" data-testid="conversation-list-pane">
      <Box p="sm" pb={0}>
        <TextInput
          ref={searchRef}
          placeholder={t('inbox.searchPlaceholder')}
          aria-label={t('inbox.search')}
          leftSection={<IconSearch size={14} />}
          rightSection={<Kbd size="xs">/</Kbd>}
          value={filters.search}
          onChange={(e) => onFiltersChange({ ...filters, search: e.currentTarget.value })}
          onKeyDown={(e) => {
            if (e.key === 'Escape') onFiltersChange({ ...filters, search: '' });
            if (e.key === 'ArrowDown') {
              e.preventDefault();
              listRef.current?.querySelector<HTMLElement>('[data-conversation-id]')?.focus();
            }
          }}
          data-testid="inbox-search"
        />
      </Box>
      <Tabs value={filters.status} onChange={(value) => value && onFiltersChange({ ...filters, status: value as ConversationStatus })} mt="xs">
        <Tabs.List grow>
          {CONVERSATION_STATUSES.map((status) => (
            <Tabs.Tab key={status} value={status} data-testid={`inbox-tab-${status}`}>
              {t(`inbox.status.${status}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <Box px="sm" py={8}>
        <SegmentedControl
          fullWidth
          size="xs"
          aria-label={t('inbox.filters.label')}
          value={filters.assignee}
          onChange={(value) => onFiltersChange({ ...filters, assignee: value as AssigneeFilter })}
          data={[
            { value: 'all', label: t('inbox.filters.all') },
            { value: 'mine', label: t('inbox.filters.mine') },
            { value: 'unassigned', label: t('inbox.filters.unassigned') },
          ]}
          data-testid="inbox-assignee-filter"
        />
      </Box>
      <ScrollArea style={{ flex: 1 }} type="auto">
        {list.isPending ? (
          <LoadingState />
        ) : list.isError ? (
          <Box p="sm">
            <ErrorState error={list.error} onRetry={() => void list.refetch()} />
          </Box>
        ) : items.length === 0 ? (
          <EmptyState title={filtered ? t('inbox.emptyFiltered') : t('inbox.empty')}>{filtered ? null : t('inbox.emptyHelp')}</EmptyState>
        ) : (
          <div ref={listRef} role="list" aria-label={t('inbox.listLabel')} onKeyDown={onListKey} data-testid="conversation-list">
            {items.map((c) => {
              const selected = c.id === selectedId;
              return (
                <div role="listitem" key={c.id}>
                  <UnstyledButton
                    w="100%"
                    px="sm"
                    py={10}
                    onClick={() => onSelect(c)}
                    aria-current={selected ? 'true' : undefined}
                    data-conversation-id={c.id}
                    data-testid="conversation-item"
                    style={{
                      display: 'block',
                      borderBottom: '1px solid var(--mantine-color-gray-2)',
                      borderLeft: `3px solid ${selected ? 'var(--mantine-color-blue-6)' : 'transparent'}`,
                      background: selected ? 'var(--mantine-color-blue-0)' : undefined,
                    }}
                  >
                    <Group justify="space-between" wrap="nowrap" gap={6}>
                      <Text size="sm" fw={600} truncate data-testid="conversation-item-name">
                        {c.contact.displayName || t('inbox.anonymous')}
                      </Text>
                      <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
                        {fromNow(c.lastMessageAt, i18n.language)}
                      </Text>
                    </Group>
                    <Text size="xs" c="dimmed" lineClamp={2} mt={2} data-testid="conversation-item-preview">
                      {c.lastMessage ? <MaskedText text={c.lastMessage} tooltips={false} /> : '—'}
                    </Text>
                    <Group gap={4} mt={6}>
                      <Badge size="xs" variant="light" color="gray" tt="none">
                        {channelLabel(t, c.channelType)}
                      </Badge>
                      {c.priority !== 'normal' ? (
                        <Badge size="xs" variant="light" color={PRIORITY_COLOR[c.priority] ?? 'gray'} tt="none">
                          {t(`inbox.priority.${c.priority}`, { defaultValue: c.priority })}
                        </Badge>
                      ) : null}
                      {c.assigneeId === null ? (
                        <Badge size="xs" variant="outline" color="gray" tt="none">
                          {t('inbox.unassigned')}
                        </Badge>
                      ) : c.assigneeId === myId ? (
                        <Badge size="xs" variant="light" color="teal" tt="none">
                          {t('inbox.filters.mine')}
                        </Badge>
                      ) : null}
                    </Group>
                  </UnstyledButton>
                </div>
              );
            })}
            {list.hasNextPage ? (
              <Box p="sm">
                <Button variant="subtle" fullWidth size="xs" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
                  {t('inbox.loadMore')}
                </Button>
              </Box>
            ) : null}
          </div>
        )}
      </ScrollArea>
    </Stack>
  );
}
