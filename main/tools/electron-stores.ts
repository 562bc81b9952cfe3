/** The tool files in Electron's user-data folder, written by electron-store (conf in the tests). */
import ElectronStore from 'electron-store';
import type { ApprovalStore } from './approvals';
import type { ServerStoreFile } from './server-store';

/** `mcp-servers.json`: a damaged file is kept aside by server-store.ts before this ever opens it. */
export const openServerFile = (cwd: string, name: string): ServerStoreFile =>
  new ElectronStore({ cwd, name, clearInvalidConfig: false }) as unknown as ServerStoreFile;

/** `tool-approvals.json`: losing it only means being asked again. */
export const openApprovalFile = (cwd: string, name: string): ApprovalStore =>
  new ElectronStore({ cwd, name, clearInvalidConfig: true }) as unknown as ApprovalStore;
