/**
 * "The window was just shown", as a tiny external store: a count that changes on every show (so the
 * input takes the focus each time) and the context text main read, if the user chose one.
 */
import type { EventPayload, RunnelApi } from '../../../preload/contract';

export type ShownContext = EventPayload<'runnel:quickAsk:shown'>['context'];

export interface ShownState {
  /** 0 until the first show. */
  count: number;
  context: ShownContext;
}

export class ShownSignal {
  private state: ShownState = { count: 0, context: null };
  private readonly listeners = new Set<() => void>();

  constructor(api: Pick<RunnelApi['quickAsk'], 'onShown'>) {
    api.onShown(({ context }) => {
      this.state = { count: this.state.count + 1, context };
      for (const listener of this.listeners) listener();
    });
  }

  getState = (): ShownState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}
