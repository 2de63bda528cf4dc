import { Suspense, type ReactNode } from 'react';
import { createBrowserRouter, Navigate, Outlet, RouterProvider, useLocation, useRouteError } from 'react-router-dom';
import { SessionProvider, useSession, moduleOffMessage } from '@portal/session';
import { ErrorMessage, Loading, Page } from '@portal/ui';
import type { PortalPlugin, PortalRoute } from '@portal/registry';
import { portalPlugins } from './plugins';
import { Layout } from './shell/layout';
import { HomePage } from './pages/home';
import { SignInPage } from './pages/sign-in';
import { ForgotPasswordPage, ResetPasswordPage, ActivatePage } from './pages/password';
import { NotFoundPage } from './pages/not-found';

/** Pages behind sign-in: anonymous visitors go to « Connexion » and come back after. */
function RequireSession() {
  const { status } = useSession();
  const location = useLocation();
  if (status === 'loading') return <Loading label="Ouverture de votre session…" />;
  if (status === 'signed-out') {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/connexion${next && next !== '/' ? `?suite=${encodeURIComponent(next)}` : ''}`} replace />;
  }
  return <Outlet />;
}

/** A plugin's page, or the API's French reason when its module is off for the member's federation. */
function ModuleGate({ plugin, children }: { plugin: PortalPlugin; children: ReactNode }) {
  const { moduleOn, moduleLabel } = useSession();
  if (plugin.module && !moduleOn(plugin.module)) {
    const label = moduleLabel(plugin.module);
    return (
      <Page title={label}>
        <ErrorMessage error={moduleOffMessage(label)} />
      </Page>
    );
  }
  return <Suspense fallback={<Loading />}>{children}</Suspense>;
}

function RouteError() {
  const error = useRouteError() as Error;
  return (
    <Page title="Une erreur est survenue">
      <ErrorMessage error={'La page n’a pas pu s’afficher. Rechargez-la ; si le problème persiste, prévenez votre fédération.'} />
      {import.meta.env.DEV && <pre>{String(error?.stack ?? error)}</pre>}
    </Page>
  );
}

function pluginRoute(plugin: PortalPlugin, route: PortalRoute) {
  const Component = route.page;
  return {
    path: route.path,
    element: (
      <ModuleGate plugin={plugin}>
        <Component />
      </ModuleGate>
    ),
  };
}

/** A plugin's page open to anyone (no session): it reads public routes only. */
function publicRoute(route: PortalRoute) {
  const Component = route.page;
  return { path: `/${route.path}`, element: <Suspense fallback={<Loading />}><Component /></Suspense>, errorElement: <RouteError /> };
}

const router = createBrowserRouter([
  ...portalPlugins.flatMap((plugin) => (plugin.publicRoutes ?? []).map(publicRoute)),
  { path: '/connexion', element: <SignInPage />, errorElement: <RouteError /> },
  { path: '/mot-de-passe-oublie', element: <ForgotPasswordPage />, errorElement: <RouteError /> },
  { path: '/reinitialiser-mot-de-passe', element: <ResetPasswordPage />, errorElement: <RouteError /> },
  { path: '/activer', element: <ActivatePage />, errorElement: <RouteError /> },
  {
    element: <RequireSession />,
    errorElement: <RouteError />,
    children: [
      {
        element: <Layout plugins={portalPlugins} />,
        errorElement: <RouteError />,
        children: [
          { index: true, element: <HomePage plugins={portalPlugins} /> },
          ...portalPlugins.flatMap((plugin) => plugin.routes.map((route) => pluginRoute(plugin, route))),
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);

export function App() {
  return (
    <SessionProvider>
      <RouterProvider router={router} />
    </SessionProvider>
  );
}
