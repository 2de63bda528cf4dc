import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, forgetSession, mayHaveSession, onSessionChange, refreshSession, rememberedFederation, rememberFederation, signIn as apiSignIn, signOut as apiSignOut } from './api';

/** What `/api/membership/me` says about the signed-in member. */
export interface Me {
  role: string;
  member: {
    documentId: string;
    membershipNumber: string;
    firstName: string;
    lastName: string;
    email: string;
    phone: string | null;
    role: string;
    federation: { documentId: string; name: string; departmentCode: string } | null;
    section: { documentId: string; name: string } | null;
    joinedOn: string;
    status: string;
    statusReason: string | null;
    suspendedUntil: string | null;
  } | null;
  dues: { documentId: string; year: number; amountCents: number; paidOn: string; method: string | null; cancelledOn: string | null }[];
  eligibility: { eligible: boolean; on: string; cutoff: string | null; reasons: { code?: string; message: string }[] | string[] };
}

export interface ModuleState {
  id: string;
  label: string;
  description: string;
  enabled: boolean;
}

interface Session {
  status: 'loading' | 'signed-out' | 'signed-in';
  me: Me | null;
  modules: ModuleState[];
  /** Roles that work in the admin panel too (its link shows for them). */
  isStaff: boolean;
  signIn: (email: string, password: string) => Promise<void>;
  signOut: () => Promise<void>;
  /** Re-reads the profile and the module switches (after a change that affects them). */
  reload: () => Promise<void>;
  moduleOn: (id: string | undefined) => boolean;
  moduleLabel: (id: string) => string;
}

const STAFF_ROLES = new Set(['federation-staff', 'national-admin']);
const SessionContext = createContext<Session | null>(null);
const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('intranet-session') : null;

/** The signed-in member's profile and their federation's module switches. */
export interface SessionData {
  me: Me;
  modules: ModuleState[];
}

const readModules = async (federation: string) => (await api<ModuleState[]>(`/modules/federations/${encodeURIComponent(federation)}`)).data;

/**
 * Reads the profile and the switches of the member's federation (none without a federation).
 * The switches of the federation remembered from the last session are read beside the profile
 * (one round trip less); if the profile names another federation (or that read failed), the
 * right one is read after it. Throws `ApiError`.
 */
async function readSession(): Promise<SessionData> {
  const guess = rememberedFederation();
  const guessed = guess ? readModules(guess).catch(() => null) : null;
  const me = (await api<Me>('/membership/me')).data;
  const federation = me.member?.federation?.documentId;
  rememberFederation(federation);
  if (!federation) return { me, modules: [] };
  const early = federation === guess ? await guessed : null;
  return { me, modules: early ?? (await readModules(federation)) };
}

/**
 * Whether the pages of module `id` show for this member (absent id: always). National admins
 * act for every federation (the API lets them through every module); the national conflicts
 * commission (an account without member profile) works in « Commission des conflits » only.
 */
export function moduleIsOn(me: Me | null, modules: ModuleState[], id: string | undefined): boolean {
  if (!id || me?.role === 'national-admin') return true;
  if (me?.role === 'conflicts-commission' && !me.member && id === 'sanctions') return true;
  return modules.some((m) => m.id === id && m.enabled);
}

let opening: Promise<SessionData | null> | null = null;

/**
 * Opens the session at the page's first load: renews the access token from the refresh cookie
 * (skipped when this browser had no session), then reads the profile and the modules. Called by
 * `main.tsx` before React mounts, so these round trips overlap the shell's first render;
 * `SessionProvider` takes the same promise. Resolves to null when no session lives (or the
 * profile cannot be read); never rejects.
 */
export function openSession(): Promise<SessionData | null> {
  opening ??= (mayHaveSession() ? refreshSession() : Promise.resolve(false)).then((live) => (live ? readSession() : null)).catch(() => null);
  return opening;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<Session['status']>('loading');
  const [me, setMe] = useState<Me | null>(null);
  const [modules, setModules] = useState<ModuleState[]>([]);

  const show = useCallback((session: SessionData) => {
    setMe(session.me);
    setModules(session.modules);
    setStatus('signed-in');
  }, []);
  const load = useCallback(async () => show(await readSession()), [show]);

  useEffect(() => {
    let alive = true;
    void openSession().then((session) => {
      if (!alive) return;
      if (session) show(session);
      else setStatus('signed-out');
    });
    const off = onSessionChange((signedIn) => {
      if (!signedIn) {
        setStatus('signed-out');
        setMe(null);
      }
    });
    // Another tab signed out: so does this one.
    const onMessage = (event: MessageEvent) => {
      if (event.data === 'signed-out') forgetSession();
    };
    channel?.addEventListener('message', onMessage);
    return () => {
      alive = false;
      off();
      channel?.removeEventListener('message', onMessage);
    };
  }, [show]);

  const value = useMemo<Session>(() => {
    const enabled = new Map(modules.map((m) => [m.id, m]));
    return {
      status,
      me,
      modules,
      isStaff: !!me && STAFF_ROLES.has(me.role),
      signIn: async (email, password) => {
        await apiSignIn(email, password);
        try {
          await load();
        } catch (error) {
          // An account the intranet does not serve (no member profile, no role): end the session at once.
          await apiSignOut();
          throw error;
        }
      },
      signOut: async () => {
        await apiSignOut();
        channel?.postMessage('signed-out');
      },
      reload: load,
      moduleOn: (id) => moduleIsOn(me, modules, id),
      moduleLabel: (id) => enabled.get(id)?.label ?? id,
    };
  }, [status, me, modules, load]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** Where a page that ends the session leaves the words the sign-in page shows next (this tab only). */
const SIGN_IN_NOTICE = 'intranet-sign-in-notice';

/**
 * Leaves `message` for the sign-in page the portal shows once the session ends (« Mes
 * données »: an erasure request closed the account). Read once by that page, then forgotten.
 */
export function leaveSignInNotice(message: string): void {
  try {
    sessionStorage.setItem(SIGN_IN_NOTICE, message);
  } catch {
    // Storage refused (private browsing): the sign-in page shows no notice.
  }
}

/** The words a page left for the sign-in page, or null. */
export function readSignInNotice(): string | null {
  try {
    return sessionStorage.getItem(SIGN_IN_NOTICE);
  } catch {
    return null;
  }
}

/** Forgets them once shown. */
export function forgetSignInNotice(): void {
  try {
    sessionStorage.removeItem(SIGN_IN_NOTICE);
  } catch {
    // nothing to forget
  }
}

/** The API's own words when a module is off (plugins/modules policies/module-enabled.ts). */
export function moduleOffMessage(label: string): string {
  return `Le module « ${label} » n’est pas activé pour votre fédération.`;
}
