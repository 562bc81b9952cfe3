/**
 * The web preferences every Runnel window gets: isolated, sandboxed, no Node, no webviews. Shared so
 * the quick-ask window cannot drift from the chat window's lock-down. Electron-free (types only).
 */
import path from 'node:path';
import type { WebPreferences } from 'electron';

export function secureWebPreferences(preloadPath: string): WebPreferences {
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
  };
}
