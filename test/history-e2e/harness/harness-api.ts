/** What the harness page exposes to the Playwright tests, as `window.harness`. */
import type { DamagedCopy } from '../../../renderer/src/history/damaged-copies';
import type { HistoryClientHandle } from '../../../renderer/src/history/history-client';
import type { ClientOptions } from '../../../renderer/src/history/history-protocol';
import type { SearchHit } from '../../../renderer/src/history/types';
import type { BenchTools } from './bench-tools';

export interface Harness {
  /** Starts a client (this window's worker); resolves once it knows whether it owns the database. */
  open(options: Partial<ClientOptions>): Promise<'owner' | 'follower'>;
  client(): HistoryClientHandle;
  /** A second, independent client in the same page (another store name), for round trips. */
  openOther(options: Partial<ClientOptions>): Promise<HistoryClientHandle>;
  /** Renders hits the way the UI must: text nodes and <mark>, never HTML. Returns the list's innerHTML. */
  renderHits(hits: SearchHit[]): string;
  /** CSP violations seen by the page. */
  violations: string[];
  /** Import progress events seen by the last import. */
  progress: Array<{ done: number; total: number }>;
  bench: BenchTools;
  /** performance.now() when the last conversation's last page had arrived after open(). */
  openToLastConversationMs(): Promise<number>;
  /** The damaged history files kept aside by a repair (the app's store name). */
  damagedCopies(): Promise<DamagedCopy[]>;
  /** A kept damaged file's bytes (base64), as a download of it would have them. */
  damagedCopyBytes(name: string): Promise<string>;
}

declare global {
  interface Window {
    harness: Harness;
  }
}
