/** A tiny page that runs the real history client and worker under the app's CSP, driven by Playwright. */
import { damagedCopyFile, listDamagedCopies } from '../../../renderer/src/history/damaged-copies';
import type { HistoryClientHandle } from '../../../renderer/src/history/history-client';
import {
  createHistoryClient,
  defaultStoreName,
} from '../../../renderer/src/history/history-client';
import type { SearchHit } from '../../../renderer/src/history/types';
import { benchTools } from './bench-tools';
import type { Harness } from './harness-api';

let current: HistoryClientHandle | null = null;
// `?open-at-start`: the client starts as this script runs, as the app's entry point starts it, so
// timing app open from page start measures no driver round trip.
const openedAtStart = new URLSearchParams(location.search).has('open-at-start');
if (openedAtStart) current = createHistoryClient({});
const violations: string[] = [];
document.addEventListener('securitypolicyviolation', (event) => {
  violations.push(`${event.violatedDirective} ${event.blockedURI}`);
});

const whenRoleKnown = (client: HistoryClientHandle): Promise<'owner' | 'follower'> =>
  new Promise((resolve) => {
    const known = client.role();
    if (known !== 'starting') {
      resolve(known);
      return;
    }
    const stop = client.onRoleChange((role) => {
      if (role === 'starting') return;
      stop();
      resolve(role);
    });
  });

const renderHits = (hits: SearchHit[]): string => {
  const list = document.getElementById('hits');
  if (!list) throw new Error('no #hits');
  list.replaceChildren();
  for (const hit of hits) {
    const item = document.createElement('li');
    let at = 0;
    for (const [start, end] of hit.highlights) {
      item.append(document.createTextNode(hit.snippet.slice(at, start)));
      const mark = document.createElement('mark');
      mark.textContent = hit.snippet.slice(start, end);
      item.append(mark);
      at = end;
    }
    item.append(document.createTextNode(hit.snippet.slice(at)));
    list.append(item);
  }
  return list.innerHTML;
};

const harness: Harness = {
  open: async (options) => {
    current = createHistoryClient(options);
    const role = await whenRoleKnown(current);
    document.getElementById('status')?.replaceChildren(role);
    return role;
  },
  client: () => {
    if (!current) throw new Error('harness.open() first');
    return current;
  },
  openOther: async (options) => {
    const other = createHistoryClient(options);
    await whenRoleKnown(other);
    return other;
  },
  renderHits,
  violations,
  progress: [],
  bench: benchTools,
  openToLastConversationMs: async () => {
    // App open as a person sees it: page start → worker, wasm, database → the newest conversation's last page.
    // The list's first page, as the window's start-up reads it (chat-store.ts, ConversationListPage).
    if (!openedAtStart || !current) current = createHistoryClient({});
    const [newest] = await current.listConversations({ limit: 200 });
    if (newest) await current.listMessages(newest.id, { limit: 50 });
    return performance.now();
  },
  damagedCopies: () => listDamagedCopies(defaultStoreName),
  damagedCopyBytes: async (name) => {
    const bytes = new Uint8Array(
      await (await damagedCopyFile(defaultStoreName, name)).arrayBuffer(),
    );
    let text = '';
    for (let at = 0; at < bytes.length; at += 0x8000)
      text += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
    return btoa(text);
  },
};
window.harness = harness;
document.getElementById('status')?.replaceChildren('ready');
