import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { get, onUnauthorized, post } from '../../api/client.ts';
import type { Role, User } from '../../api/types.ts';

interface Auth {
  user: User | null;
  loading: boolean;
  login: (username: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
  hasRole: (...roles: Role[]) => boolean;
}

const Ctx = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    get<User>('/api/auth/me')
      .then(setUser, () => setUser(null))
      .finally(() => setLoading(false));
    const off = onUnauthorized(() => setUser(null));
    return () => {
      off();
    };
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    setUser(await post<User>('/api/auth/login', { username, password }));
  }, []);
  const logout = useCallback(async () => {
    await post('/api/auth/logout').catch(() => undefined);
    setUser(null);
  }, []);
  const hasRole = useCallback((...roles: Role[]) => !!user && user.roles.some((r) => roles.includes(r)), [user]);

  return <Ctx.Provider value={{ user, loading, login, logout, hasRole }}>{children}</Ctx.Provider>;
}

export function useAuth(): Auth {
  const v = useContext(Ctx);
  if (!v) throw new Error('useAuth outside AuthProvider');
  return v;
}
