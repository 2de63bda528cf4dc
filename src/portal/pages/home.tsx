import { Component, Suspense, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { forgetPrimedReads, ReadTracker } from '@portal/hooks';
import { moduleIsOn, useSession, type SessionData } from '@portal/session';
import type { PortalPlugin } from '@portal/registry';
import { ErrorMessage, Loading, Page } from '@portal/ui';

/** One card failing (a bug, a module's API down) leaves the others on the page. */
class CardBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  render() {
    return this.state.failed ? <ErrorMessage error="Cette rubrique n’a pas pu s’afficher." /> : this.props.children;
  }
}

/** A card's code still loading counts as a read in flight. */
function PendingCard() {
  const tracker = useContext(ReadTracker);
  useEffect(() => {
    tracker?.start();
    return () => tracker?.end();
  }, [tracker]);
  return null;
}

/** The longest the home page waits for its slowest card before showing the others. */
const REVEAL_AFTER_MS = 3000;
/**
 * How long no read may be in flight before the cards show (ms): the render in which a card
 * that just got its data mounts the parts that read more. The reads the cards declared
 * (`prime`) are awaited as such, so this covers only undeclared chained reads.
 */
const SETTLE_MS = 30;

/** The cards' declared reads started at boot (`primeHome` from `main.tsx`), for the first home page to take. */
let bootPrimes: Promise<unknown> | null = null;

/** Starts downloading every home card's code (called at boot on a load of « Accueil », once the session and the cards' reads have started). */
export function preloadHomeCards(plugins: PortalPlugin[]): void {
  for (const plugin of plugins) for (const entry of plugin.home ?? []) void entry.card.preload?.().catch(() => undefined);
}

/**
 * Starts the reads of the cards whose module is on for this member (each card's `prime`), as
 * soon as the session is known, so that they overlap the cards' code download and first
 * render. Called by `main.tsx` on a load of « Accueil ». A card whose prime fails reads again
 * itself (and shows the error then).
 */
export function primeHome(plugins: PortalPlugin[], session: SessionData): Promise<unknown> {
  const started = plugins
    .filter((plugin) => moduleIsOn(session.me, session.modules, plugin.module))
    .flatMap((plugin) => plugin.home ?? [])
    .map((entry) => Promise.resolve().then(() => entry.prime?.(session.me, (id) => moduleIsOn(session.me, session.modules, id))));
  return Promise.allSettled(started);
}

/** Starts the cards' reads at boot (a load of « Accueil »): the home page, once mounted, takes them. */
export function primeHomeAtBoot(plugins: PortalPlugin[], session: SessionData): void {
  bootPrimes = primeHome(plugins, session);
}

/**
 * Reveals the cards together once their declared reads have settled and no read is in flight
 * for SETTLE_MS (or after REVEAL_AFTER_MS): no card grows under the member's eyes and pushes
 * the others down.
 */
function useRevealTogether(primes: Promise<unknown>) {
  const [inFlight, setInFlight] = useState(0);
  const [primed, setPrimed] = useState(false);
  const [ready, setReady] = useState(false);
  const tracker = useMemo(() => ({ start: () => setInFlight((n) => n + 1), end: () => setInFlight((n) => n - 1) }), []);
  useEffect(() => {
    let alive = true;
    void primes.then(() => alive && setPrimed(true));
    return () => {
      alive = false;
    };
  }, [primes]);
  useEffect(() => {
    if (ready || !primed || inFlight > 0) return;
    const settle = setTimeout(() => setReady(true), SETTLE_MS);
    return () => clearTimeout(settle);
  }, [inFlight, primed, ready]);
  useEffect(() => {
    const late = setTimeout(() => setReady(true), REVEAL_AFTER_MS);
    return () => clearTimeout(late);
  }, []);
  return { ready, tracker };
}

/**
 * « Accueil »: what is new for me. Each plugin whose module is on brings its cards (open
 * consultations and what I still have to do, my courses, my dues…), in their declared order.
 */
export function HomePage({ plugins }: { plugins: PortalPlugin[] }) {
  const { me, modules, moduleOn } = useSession();
  const cards = plugins
    .filter((plugin) => moduleOn(plugin.module))
    .flatMap((plugin) => (plugin.home ?? []).map((card, i) => ({ key: `${plugin.id}-${i}`, ...card })))
    .sort((a, b) => a.order - b.order);
  const firstName = me?.member?.firstName;
  // The reads started at boot, or (coming from another page) started now, before the cards mount.
  const [primes] = useState(() => {
    const started = bootPrimes ?? (me ? primeHome(plugins, { me, modules }) : Promise.resolve());
    bootPrimes = null;
    return started;
  });
  const { ready, tracker } = useRevealTogether(primes);
  useEffect(() => forgetPrimedReads, []); // leaving « Accueil »: its untaken reads are not for other pages
  return (
    <Page title={firstName ? `Bonjour ${firstName}` : 'Accueil'} intro={<p>Ce qui vous attend dans l’intranet de votre fédération.</p>}>
      {!ready && (
        <div className="home-pending">
          <Loading label="Chargement de votre accueil…" lines={6} />
        </div>
      )}
      <ReadTracker.Provider value={tracker}>
        <div className="home-grid" hidden={!ready}>
          {cards.map(({ key, card: Card }) => (
            <div className="home-card" key={key}>
              <CardBoundary>
                <Suspense fallback={<PendingCard />}>
                  <Card />
                </Suspense>
              </CardBoundary>
            </div>
          ))}
        </div>
      </ReadTracker.Provider>
    </Page>
  );
}
