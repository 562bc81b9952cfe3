/** Joins Electron's ipcMain to the dispatcher: one loop over the contract, every sender checked. */
import { ipcMain, webContents, type IpcMainInvokeEvent } from 'electron';
import {
  contract,
  type EventChannel,
  type EventPayload,
  type IpcResult,
} from '../../preload/contract';
import { isRequestChannel, type Dispatch } from './handler-table';
import { isTrustedSender } from './sender-check';

const forbidden: IpcResult<never> = {
  ok: false,
  error: { code: 'forbidden', message: 'This page may not talk to Runnel.' },
};

export function registerIpc(dispatch: Dispatch, ourWindows: ReadonlySet<number>): () => void {
  const channels = Object.keys(contract).filter(isRequestChannel);
  for (const channel of channels) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, payload: unknown) => {
      const frame = event.senderFrame;
      const trusted = isTrustedSender(
        {
          windowId: event.sender.id,
          frameUrl: frame?.url ?? null,
          isMainFrame: frame !== null && frame === event.sender.mainFrame,
        },
        ourWindows,
      );
      if (!trusted) return forbidden;
      return dispatch(channel, payload, { windowId: event.sender.id });
    });
  }
  return () => channels.forEach((channel) => ipcMain.removeHandler(channel));
}

/** Pushes one event to one window; false once that window is gone, so its streams can be freed. */
export function sendToWindow<C extends EventChannel>(
  windowId: number,
  channel: C,
  payload: EventPayload<C>,
): boolean {
  const target = webContents.fromId(windowId);
  if (!target || target.isDestroyed()) return false;
  target.send(channel, payload);
  return true;
}
