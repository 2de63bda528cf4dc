import { Component, Suspense, type ReactNode } from 'react';
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
  return (
    <Page title={firstName ? `Bonjour ${firstName}` : 'Accueil'} intro={<p>Ce qui vous attend dans l’intranet de votre fédération.</p>}>
      <div className="home-grid">
        {cards.map(({ key, card: Card }) => (
          <div className="home-card" key={key}>
            <CardBoundary>
              <Suspense fallback={<Loading />}>
                <Card />
              </Suspense>
            </CardBoundary>
          </div>
        ))}
      </div>
    </Page>
  );
}
