import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, setAdminToken } from './api';

interface Auth {
  token: string | null;
  signIn: (username: string, password: string) => Promise<void>;
  signOut: (reason?: string) => void;
  notice: string | null;
}

const AuthContext = createContext<Auth | null>(null);
const storageKey = 'booking.admin';

/** The admin's bearer token, kept for this browser tab only (sessionStorage) and dropped when it expires or is refused. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [token, setToken] = useState<string | null>(() => {
    try {
      const saved = JSON.parse(sessionStorage.getItem(storageKey) ?? 'null') as { token: string; expires: number } | null;
      return saved && saved.expires > Date.now() ? saved.token : null;
    } catch {
      return null;
    }
  });
  const [notice, setNotice] = useState<string | null>(null);

  const signOut = useCallback((reason?: string) => {
    sessionStorage.removeItem(storageKey);
    setToken(null);
    setNotice(reason ?? null);
  }, []);

  useEffect(() => {
    setAdminToken(token, () => signOut('Your session has ended. Please sign in again.'));
  }, [token, signOut]);

  const signIn = useCallback(async (username: string, password: string) => {
    const answer = await api.signIn(username, password);
    sessionStorage.setItem(storageKey, JSON.stringify({ token: answer.access_token, expires: Date.now() + answer.expires_in * 1000 }));
    setAdminToken(answer.access_token);
    setNotice(null);
    setToken(answer.access_token);
  }, []);

  const value = useMemo(() => ({ token, signIn, signOut, notice }), [token, signIn, signOut, notice]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside AuthProvider');
  return auth;
}
