import type { ReactNode } from 'react';

/** The frame of the pages one sees before signing in. */
export function AuthFrame({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="auth-shell">
      <main id="contenu" className="auth-card">
        <p className="brand">
          <span className="brand-mark" aria-hidden="true">◆</span> Intranet militant
        </p>
        <h1 id="page-title" tabIndex={-1}>{title}</h1>
        {children}
      </main>
    </div>
  );
}
