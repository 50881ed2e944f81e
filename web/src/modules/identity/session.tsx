import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { ApiError, type Permission, setUnauthenticatedListener, type ThemeMode, type UiLocale, usePreferences } from '../../shared/index.ts';
import { identityApi, type Session } from './api.ts';
import { identityKeys } from './hooks.ts';

export type SignedOutReason = 'expired' | 'signed-out' | undefined;

interface SessionContextValue {
  session: Session | null;
  isLoading: boolean;
  signedOutReason: SignedOutReason;
  can(permission: Permission): boolean;
  signIn(email: string, password: string): Promise<Session>;
  signOut(options?: { everywhere?: boolean }): Promise<void>;
  /** Changes the UI language now and remembers it for the user (PATCH /me). */
  changeLocale(locale: UiLocale): Promise<void>;
  changeTheme(theme: ThemeMode): Promise<void>;
}

const SessionContext = createContext<SessionContextValue | undefined>(undefined);

async function probeSession(): Promise<Session | null> {
  try {
    return await identityApi.me();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const { locale: currentLocale, isLocaleChosenHere, setLocale, setTheme } = usePreferences();
  const [signedOutReason, setSignedOutReason] = useState<SignedOutReason>();
  // Re-checked when the tab comes back and every few minutes, so an ended session is noticed before the next click.
  const query = useQuery({ queryKey: identityKeys.me, queryFn: probeSession, staleTime: 60_000, retry: 1, refetchOnWindowFocus: true, refetchInterval: 5 * 60_000 });
  const session = query.data ?? null;
  const hadSession = useRef(false);

  // The signed-in user's saved language and theme win over this browser's.
  const userId = session?.user.id;
  useEffect(() => {
    if (!session) return;
    hadSession.current = true;
    // Saved choice, else what was picked on this browser (e.g. on the sign-in page), else the workspace's.
    setLocale(session.user.locale ?? (isLocaleChosenHere ? currentLocale : session.workspace.defaultLocale));
    if (session.user.theme === 'dark' || session.user.theme === 'light') setTheme(session.user.theme);
    // Only when a different user signs in: later /me refreshes must not undo a local change in flight.
  }, [userId]);

  // The session vanished without a sign-out from this tab: it expired or was ended elsewhere.
  useEffect(() => {
    if (query.data === null && hadSession.current) {
      hadSession.current = false;
      setSignedOutReason((reason) => reason ?? 'expired');
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'identity' || q.queryKey[1] !== 'me' });
    }
  }, [query.data, queryClient]);

  const dropSession = useCallback(
    (reason: SignedOutReason) => {
      hadSession.current = false;
      setSignedOutReason(reason);
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'identity' || q.queryKey[1] !== 'me' });
      queryClient.setQueryData(identityKeys.me, null);
    },
    [queryClient],
  );

  useEffect(() => {
    setUnauthenticatedListener(() => {
      if (hadSession.current) dropSession('expired');
    });
    return () => setUnauthenticatedListener(undefined);
  }, [dropSession]);

  const value = useMemo<SessionContextValue>(() => {
    const permissions = new Set(session?.permissions ?? []);
    return {
      session,
      isLoading: query.isPending,
      signedOutReason,
      can: (permission) => permissions.has(permission),
      async signIn(email, password) {
        const result = await identityApi.login({ email, password });
        setSignedOutReason(undefined);
        queryClient.setQueryData(identityKeys.me, result);
        return result;
      },
      async signOut(options = {}) {
        await (options.everywhere ? identityApi.logoutEverywhere() : identityApi.logout()).catch(() => undefined);
        dropSession('signed-out');
      },
      async changeLocale(locale) {
        setLocale(locale);
        if (!session) return;
        const user = await identityApi.updateMe({ locale });
        queryClient.setQueryData<Session | null>(identityKeys.me, (old) => (old ? { ...old, user } : old));
      },
      async changeTheme(theme) {
        setTheme(theme);
        if (!session) return;
        const user = await identityApi.updateMe({ theme });
        queryClient.setQueryData<Session | null>(identityKeys.me, (old) => (old ? { ...old, user } : old));
      },
    };
  }, [session, query.isPending, signedOutReason, queryClient, dropSession, setLocale, setTheme]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in session; only for pages behind the sign-in gate. */
export function useRequiredSession(): Session {
  const { session } = useSession();
  if (!session) throw new Error('no session');
  return session;
}
