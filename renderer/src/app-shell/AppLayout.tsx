/** Two columns: the sidebar and whatever page is open. */
import type { ReactNode } from 'react';

export function AppLayout({ sidebar, children }: { sidebar: ReactNode; children: ReactNode }) {
  return (
    <div className="app" data-testid="app-shell">
      {sidebar}
      <div className="app-main">{children}</div>
    </div>
  );
}
