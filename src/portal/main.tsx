import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { openSession } from '@portal/session';
import { App } from './app';
import { preloadHomeCards, primeHomeAtBoot } from './pages/home';
import { portalPlugins } from './plugins';
import './styles.css';

// The session's round trips (renewal, then profile beside modules) start before React mounts. On
// a load of « Accueil », once the session is known, the cards' reads start too (the cards' code is
// in this bundle; a lazy card's chunk is preloaded then): the home page then waits for renewal →
// profile → one read per card instead of session → code → read → chained read.
const session = openSession();
if (window.location.pathname === '/') {
  void session.then((known) => {
    if (!known) return;
    primeHomeAtBoot(portalPlugins, known);
    preloadHomeCards(portalPlugins); // after the session's reads: the chunks would slow them down
  });
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>
);
