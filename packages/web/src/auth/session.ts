// Server state about "who am I": whether setup is needed and the current session.
import { useQuery, type QueryClient } from '@tanstack/react-query';
import { api, ApiError, forgetCsrfToken } from '../api/client';
import type { Session } from '../api/types';

export const setupKey = ['setup'] as const;
export const sessionKey = ['session'] as const;

export function useSetupStatus() {
  return useQuery({
    queryKey: setupKey,
    queryFn: () => api<{ needed: boolean }>('/api/v1/setup'),
    staleTime: Infinity,
  });
}

/** The current session, or null when signed out (401 is an answer here, not an error). */
export function useSession(enabled = true) {
  return useQuery({
    queryKey: sessionKey,
    enabled,
    queryFn: async (): Promise<Session | null> => {
      try {
        return await api<Session>('/api/v1/auth/session');
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return null;
        throw err;
      }
    },
    staleTime: 60_000,
  });
}

/** After login, logout or 2FA changes the session (and perhaps its CSRF secret) is different. */
export async function refreshSession(queryClient: QueryClient): Promise<void> {
  forgetCsrfToken();
  await queryClient.invalidateQueries({ queryKey: sessionKey });
}

export function hasPermission(session: Session | null | undefined, permission: string): boolean {
  return !!session && session.permissions.includes(permission);
}
