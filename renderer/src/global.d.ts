/** The preload exposes the bridge built from the contract as `window.runnel`; nothing else. */
import type { RunnelApi } from '../../preload/contract';

declare global {
  interface Window {
    readonly runnel: RunnelApi;
  }
}

export {};
