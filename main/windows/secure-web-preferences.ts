/**
 * The web preferences every Runnel window gets: isolated, sandboxed, no Node, no webviews, and no
 * DevTools outside development. Shared so the quick-ask window cannot drift from the chat window's
 * lock-down. Electron-free (types only).
 */
import path from 'node:path';
import type { WebPreferences } from 'electron';

export interface WindowSecurityOptions {
  /** Only in a development run: with false, nothing (a shortcut, openDevTools) can open DevTools. */
  devTools: boolean;
}

export function secureWebPreferences(
  preloadPath: string,
  { devTools }: WindowSecurityOptions,
): WebPreferences {
  return {
    preload: path.resolve(preloadPath),
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: true,
    devTools,
  };
}
