import { Component, Suspense, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ReadTracker } from '@portal/hooks';
import { useSession } from '@portal/session';
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
 * Reveals the cards together once no read is in flight for a moment (or after
 * REVEAL_AFTER_MS): no card grows under the member's eyes and pushes the others down.
 */
function useRevealTogether() {
  const [inFlight, setInFlight] = useState(0);
  const [ready, setReady] = useState(false);
  const tracker = useMemo(() => ({ start: () => setInFlight((n) => n + 1), end: () => setInFlight((n) => n - 1) }), []);
  useEffect(() => {
    if (ready || inFlight > 0) return;
    const settle = setTimeout(() => setReady(true), 80); // a card may chain a second read
    return () => clearTimeout(settle);
  }, [inFlight, ready]);
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
  const { me, moduleOn } = useSession();
  const cards = plugins
    .filter((plugin) => moduleOn(plugin.module))
    .flatMap((plugin) => (plugin.home ?? []).map((card, i) => ({ key: `${plugin.id}-${i}`, ...card })))
    .sort((a, b) => a.order - b.order);
  const firstName = me?.member?.firstName;
  const { ready, tracker } = useRevealTogether();
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
