/** The attachment opener (open-copy.ts) over Electron's `shell.openPath`: the system's app for a file. */
import { shell } from 'electron';
import { createAttachmentOpener, type AttachmentOpener } from './open-copy';

export const createElectronAttachmentOpener = (): AttachmentOpener =>
  createAttachmentOpener({ openPath: (file) => shell.openPath(file) });
