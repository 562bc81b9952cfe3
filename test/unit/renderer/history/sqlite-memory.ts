/** An in-memory sqlite-wasm database in Node, prepared as the worker prepares its OPFS one. */
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import type { Database } from '@sqlite.org/sqlite-wasm';
import { migrate, registerSqlFunctions } from '../../../../renderer/src/history/migrations';

let sqlite: Awaited<ReturnType<typeof sqlite3InitModule>> | null = null;

export const openMemoryDatabase = async (schemaVersion?: number): Promise<Database> => {
  sqlite ??= await sqlite3InitModule();
  const db = new sqlite.oo1.DB(':memory:');
  db.exec('PRAGMA foreign_keys = ON');
  registerSqlFunctions(db);
  migrate(db, schemaVersion);
  return db;
};
