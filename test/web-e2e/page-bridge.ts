/**
 * Runs in the page before the app (as the preload would): the real bridge from preload/bridge.ts over
 * a stand-in transport. Requests go to the test's Node process through a Playwright binding; events
 * come back through `__runnelDeliver`. Everything but Electron's own IPC is real.
 */
import { createBridge } from '../../preload/bridge';
import { wrapBinary } from '../support/binary-transport';

interface TestWindow {
  runnel?: unknown;
  __runnelInvoke?: (channel: string, payload: unknown) => Promise<unknown>;
  __runnelDeliver?: (channel: string, payload: unknown) => void;
}

const page = window as unknown as TestWindow;
const listeners = new Map<string, Set<(payload: unknown) => void>>();

page.__runnelDeliver = (channel, payload) => {
  for (const listener of listeners.get(channel) ?? []) listener(payload);
};

page.runnel = createBridge({
  invoke: (channel, payload) => {
    if (!page.__runnelInvoke) return Promise.reject(new Error('no host'));
    // A binding carries JSON: attachments' ArrayBuffers travel wrapped (support/binary-transport.ts).
    return page.__runnelInvoke(channel, wrapBinary(payload));
  },
  subscribe: (channel, listener) => {
    const set = listeners.get(channel) ?? new Set();
    set.add(listener);
    listeners.set(channel, set);
    return () => set.delete(listener);
  },
});
