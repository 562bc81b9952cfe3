/** Two columns: the sidebar and whatever page is open, with the storage notice above the page. */
import type { ReactNode } from 'react';

export function AppLayout({
  sidebar,
  notice,
  children,
}: {
  sidebar: ReactNode;
  notice?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="app" data-testid="app-shell">
      {sidebar}
      <div className="app-main">
        {notice}
        {children}
      </div>
    </div>
  );
}
