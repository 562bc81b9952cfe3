/**
 * The parsers of both import formats, with zod and their schemas behind them. The history worker loads
 * this module when the first import arrives, not when it opens the database.
 */
import { parseBackupFile } from './backup';
import { readChatGptExport } from './chatgpt-import';
import type { ImportParsers } from './history-store';

export const importParsers: ImportParsers = { backup: parseBackupFile, chatGpt: readChatGptExport };
