import { useEffect, useRef, useState, type FormEvent } from 'react';
import { NavLink, Outlet, useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { useSession } from '@portal/session';
import type { PortalMenuEntry, PortalPlugin } from '@portal/registry';
import { UnreadLink } from './unread';

/** The menu a member sees: Accueil, then each plugin's entries whose module is on and role matches. */
export function menuFor(plugins: PortalPlugin[], moduleOn: (id?: string) => boolean, role: string | undefined): PortalMenuEntry[] {
  const entries: PortalMenuEntry[] = [{ label: 'Accueil', to: '/', order: 0 }];
  for (const plugin of plugins) {
    if (!moduleOn(plugin.module)) continue;
    for (const entry of plugin.menu ?? []) {
      if (!entry.roles || (role && entry.roles.includes(role))) entries.push(entry);
    }
  }
  return entries.sort((a, b) => a.order - b.order);
}

function SearchBox() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const location = useLocation();
  const [q, setQ] = useState(location.pathname === '/recherche' ? params.get('q') ?? '' : '');
  useEffect(() => {
    if (location.pathname === '/recherche') setQ(params.get('q') ?? '');
  }, [location.pathname, params]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (q.trim()) navigate(`/recherche?q=${encodeURIComponent(q.trim())}`);
  };
  return (
    <form role="search" className="search-box" onSubmit={submit}>
      <label htmlFor="recherche-globale" className="visually-hidden">
        Rechercher dans l’intranet
      </label>
      <input id="recherche-globale" type="search" name="q" value={q} onChange={(e) => setQ(e.target.value)} placeholder="Rechercher…" autoComplete="off" maxLength={200} />
      <button type="submit" className="button button-primary">
        Rechercher
      </button>
    </form>
  );
}

export function Layout({ plugins }: { plugins: PortalPlugin[] }) {
  const { me, moduleOn, isStaff, signOut } = useSession();
  const [menuOpen, setMenuOpen] = useState(false);
  const location = useLocation();
  const navigate = useNavigate();
  const first = useRef(true);
  const menu = menuFor(plugins, moduleOn, me?.role);

  // A new page: close the menu and move focus to its title, as a page load would.
  useEffect(() => {
    setMenuOpen(false);
    if (first.current) {
      first.current = false;
      if (!(location.state as { focusTitle?: boolean } | null)?.focusTitle) return;
    }
    const timer = setTimeout(() => (document.getElementById('page-title') ?? document.getElementById('contenu'))?.focus(), 50);
    return () => clearTimeout(timer);
  }, [location.pathname]);

  // Escape closes the phone menu, as it closes any disclosure.
  useEffect(() => {
    if (!menuOpen) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        setMenuOpen(false);
        document.querySelector<HTMLButtonElement>('.menu-toggle')?.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [menuOpen]);

  const name = me?.member ? `${me.member.firstName} ${me.member.lastName}` : '';
  const federation = me?.member?.federation?.name;

  return (
    <div className="shell">
      <a className="skip-link" href="#contenu">
        Aller au contenu
      </a>
      <header className="site-header">
        <div className="header-row">
          <NavLink to="/" className="brand">
            <span className="brand-mark" aria-hidden="true">◆</span> Intranet{federation ? ` · ${federation}` : ''}
          </NavLink>
          <button type="button" className="menu-toggle button button-secondary" aria-expanded={menuOpen} aria-controls="navigation" onClick={() => setMenuOpen((open) => !open)}>
            Menu
          </button>
        </div>
        {moduleOn('search') && <SearchBox />}
        <nav id="navigation" className={`site-nav ${menuOpen ? 'open' : ''}`} aria-label="Navigation principale">
          <ul>
            {menu.map((entry) => (
              <li key={entry.to}>
                <NavLink to={entry.to} end={entry.to === '/'}>
                  {entry.label}
                </NavLink>
              </li>
            ))}
            {isStaff && (
              <li>
                <a href="/admin">Administration</a>
              </li>
            )}
          </ul>
          <div className="account">
            <UnreadLink />
            <span className="account-name">{name}</span>
            <button
              type="button"
              className="button button-link"
              onClick={async () => {
                await signOut();
                navigate('/connexion', { replace: true });
              }}
            >
              Se déconnecter
            </button>
          </div>
        </nav>
      </header>
      <main id="contenu" tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="site-footer">
        <p>Intranet militant — réservé aux adhérents. Vos données ne servent qu’à la vie du parti.</p>
      </footer>
    </div>
  );
}
