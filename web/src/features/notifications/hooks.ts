/**
 * Queries and changes of the notifications. Every read lives under the signed-in user's
 * key, so another staff member signing in on the same device never sees the last one's
 * badge; marking read changes the unread count and the lists, so both reload.
 */
import { useEffect, useRef } from 'react';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getUnreadCount, listNotifications, markAllRead, markCaseRead, markRead } from './api.ts';

/** The badge asks this often while the app is open (and again when the window regains focus). */
export const POLL_MS = 30_000;
/** Notifications per page of the inbox. */
export const PAGE_SIZE = 20;

export const notificationKeys = {
  all: ['notifications'] as const,
  ofUser: (userId: string) => ['notifications', userId] as const,
  count: (userId: string) => ['notifications', userId, 'unread-count'] as const,
  pages: (userId: string, unreadOnly: boolean) =>
    ['notifications', userId, 'pages', { unreadOnly }] as const,
};

/**
 * The unread count for the badge, asked every half minute and again when the tab is shown
 * or the window regains focus; null user: nobody signed in, nothing asked.
 */
export function useUnreadCount(userId: string | null) {
  const query = useQuery({
    queryKey: notificationKeys.count(userId ?? ''),
    queryFn: ({ signal }) => getUnreadCount(signal),
    enabled: userId !== null,
    refetchInterval: POLL_MS,
    // TanStack Query notices a tab shown again; a window focused again is told below.
    refetchOnWindowFocus: 'always',
    staleTime: 0,
  });
  const { refetch } = query;
  useEffect(() => {
    if (userId === null) return;
    const onFocus = () => void refetch({ cancelRefetch: false });
    window.addEventListener('focus', onFocus);
    return () => window.removeEventListener('focus', onFocus);
  }, [refetch, userId]);
  return query;
}

/** The inbox, newest first, a page at a time ("show more" fetches the next). */
export function useNotifications(userId: string, unreadOnly: boolean) {
  return useInfiniteQuery({
    queryKey: notificationKeys.pages(userId, unreadOnly),
    queryFn: ({ signal, pageParam }) =>
      listNotifications({ unread: unreadOnly, before: pageParam, limit: PAGE_SIZE }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // What arrives while the inbox is open shows without a reload: at once when the
    // badge's count goes up (below), else within a minute.
    refetchInterval: 2 * POLL_MS,
    refetchOnWindowFocus: 'always',
    staleTime: 0,
  });
}

/** Reloads the open inbox as soon as the badge counts more unread than before. */
export function useReloadOnArrival(userId: string, unread: number | undefined) {
  const client = useQueryClient();
  const last = useRef(unread);
  useEffect(() => {
    const before = last.current;
    last.current = unread;
    if (unread !== undefined && before !== undefined && unread > before)
      void client.invalidateQueries({ queryKey: [...notificationKeys.ofUser(userId), 'pages'] });
  }, [client, unread, userId]);
}

function useReloadNotifications(userId: string) {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: notificationKeys.ofUser(userId) });
}

/** Marks one notification read; the badge and the lists reload (also after the page is left). */
export function useMarkRead(userId: string) {
  const reload = useReloadNotifications(userId);
  return useMutation({ mutationFn: markRead, onSuccess: () => reload() });
}

/** Marks every notification up to the newest shown read; the badge and the lists reload. */
export function useMarkAllRead(userId: string) {
  const reload = useReloadNotifications(userId);
  return useMutation({ mutationFn: markAllRead, onSuccess: () => reload() });
}

/**
 * Marks the signed-in user's notifications about a case read when the case is opened
 * (once per case id shown, however it was reached); the badge and the lists reload when
 * any was marked. A side effect of reading the case: a failure is left unsaid, the
 * notifications simply stay unread. Null user: nobody signed in, nothing sent.
 */
export function useMarkCaseRead(userId: string | null, caseId: string) {
  const client = useQueryClient();
  const { mutate } = useMutation({
    mutationFn: markCaseRead,
    onSuccess: (marked) => {
      if (marked > 0 && userId !== null)
        void client.invalidateQueries({ queryKey: notificationKeys.ofUser(userId) });
    },
  });
  const sent = useRef<string | null>(null);
  useEffect(() => {
    if (userId === null) return;
    const key = `${userId}\n${caseId}`;
    if (sent.current === key) return;
    sent.current = key;
    mutate(caseId);
  }, [caseId, mutate, userId]);
}
