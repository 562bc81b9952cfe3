/**
 * Two columns: the sidebar and whatever page is open, with the storage notice above the page. Below
 * 760 px (styles/app-shell.css) the sidebar becomes a drawer behind a toggle, so a narrow window gives
 * its whole width to the conversation.
 */
import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { SidebarIcon } from './icons';

export function AppLayout({
  sidebar,
  notice,
  children,
  drawerOpen,
  onDrawerOpenChange,
}: {
  sidebar: ReactNode;
  notice?: ReactNode;
  children: ReactNode;
  /** Whether the sidebar shows as a drawer; only a narrow window draws it as one. */
  drawerOpen: boolean;
  onDrawerOpenChange: (open: boolean) => void;
}) {
  const toggle = useRef<HTMLButtonElement>(null);
  const drawer = useRef<HTMLDivElement>(null);
  const wasOpen = useRef(drawerOpen);

  // Opening moves the focus into the drawer; closing hands it back to the toggle if it was inside.
  useEffect(() => {
    if (drawerOpen === wasOpen.current) return;
    wasOpen.current = drawerOpen;
    if (!isNarrow()) return;
    if (drawerOpen) {
      if (!drawer.current?.contains(document.activeElement)) {
        drawer.current?.querySelector<HTMLElement>('button, input')?.focus();
      }
    } else if (
      drawer.current?.contains(document.activeElement) ||
      document.activeElement === document.body
    ) {
      toggle.current?.focus();
    }
  }, [drawerOpen]);

  const onDrawerKey = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'Escape' || event.defaultPrevented || !drawerOpen) return;
    event.preventDefault();
    onDrawerOpenChange(false);
  };

  return (
    <div className="app" data-testid="app-shell" data-drawer={drawerOpen ? 'open' : 'closed'}>
      <div className="sidebar-drawer" ref={drawer} onKeyDown={onDrawerKey}>
        {sidebar}
      </div>
      <div
        className="drawer-backdrop"
        data-testid="drawer-backdrop"
        aria-hidden="true"
        onClick={() => onDrawerOpenChange(false)}
      />
      <div className="app-main">
        <button
          ref={toggle}
          type="button"
          className="button button-ghost drawer-toggle"
          data-testid="drawer-toggle"
          aria-label={drawerOpen ? 'Hide conversations' : 'Show conversations'}
          aria-expanded={drawerOpen}
          onClick={() => onDrawerOpenChange(!drawerOpen)}
        >
          <SidebarIcon />
        </button>
        {notice}
        {children}
      </div>
    </div>
  );
}

/** The same width as the stylesheet's drawer breakpoint. */
const NARROW_QUERY = '(max-width: 760px)';

function isNarrow(): boolean {
  return window.matchMedia(NARROW_QUERY).matches;
}
