/** The preload: exposes the contract-built bridge as `window.runnel`, and nothing else. */
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge';

contextBridge.exposeInMainWorld(
  'runnel',
  createBridge({
    invoke: (channel, payload) => ipcRenderer.invoke(channel, payload),
    subscribe: (channel, listener) => {
      // Only the payload crosses into the page, never Electron's event object.
      const forward = (_event: Electron.IpcRendererEvent, payload: unknown): void =>
        listener(payload);
      ipcRenderer.on(channel, forward);
      return () => ipcRenderer.removeListener(channel, forward);
    },
  }),
);
