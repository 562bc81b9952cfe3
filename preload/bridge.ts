/**
 * Builds `window.runnel` from the contract over an injected transport (VS Code's ProxyChannel idea):
 * one method per contract entry, no hand-written wrappers, and no generic invoke/send passthrough.
 */
import {
  channelParts,
  contract,
  ipcErrorSchema,
  type BridgeTransport,
  type Channel,
  type EventChannel,
  type IpcResult,
  type RequestChannel,
  type RunnelApi,
} from './contract';

const isRequest = (channel: Channel): channel is RequestChannel =>
  contract[channel].kind === 'request';

const toResult = (raw: unknown): IpcResult<unknown> => {
  if (typeof raw === 'object' && raw !== null && 'ok' in raw) {
    const envelope = raw as { ok: unknown; value?: unknown; error?: unknown };
    if (envelope.ok === true) return { ok: true, value: envelope.value };
    const error = ipcErrorSchema.safeParse(envelope.error);
    if (error.success) return { ok: false, error: error.data };
  }
  return { ok: false, error: { code: 'internal', message: 'Runnel received a malformed answer.' } };
};

export function createBridge(transport: BridgeTransport): RunnelApi {
  const api: Record<string, Record<string, unknown>> = {};
  for (const channel of Object.keys(contract) as Channel[]) {
    const { domain, verb } = channelParts(channel);
    const room = (api[domain] ??= {});
    if (isRequest(channel)) {
      room[verb] = async (payload: unknown) => {
        try {
          return toResult(await transport.invoke(channel, payload ?? {}));
        } catch {
          return {
            ok: false,
            error: { code: 'unavailable', message: 'Runnel could not reach its main process.' },
          };
        }
      };
    } else {
      const eventChannel: EventChannel = channel;
      room[`on${verb.charAt(0).toUpperCase()}${verb.slice(1)}`] = (
        listener: (payload: unknown) => void,
      ) => transport.subscribe(eventChannel, listener);
    }
  }
  return Object.freeze(
    Object.fromEntries(Object.entries(api).map(([domain, room]) => [domain, Object.freeze(room)])),
  ) as unknown as RunnelApi;
}
