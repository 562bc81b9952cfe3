/**
 * The store's one way into SQLite: statements prepared once per SQL text and kept, and the shapes its
 * results are read in.
 */
import type { Database, PreparedStatement, SqlValue } from '@sqlite.org/sqlite-wasm';
import type { Row } from './store-rows';

export interface Statements {
  all(sql: string, bind?: SqlValue[]): Row[];
  one(sql: string, bind?: SqlValue[]): Row | undefined;
  /** Runs a change; the number of rows it changed. */
  run(sql: string, bind?: SqlValue[]): number;
  /**
   * The rows of `SELECT <columns> FROM <from>` in `orderBy` order, as arrays of values in `columns`
   * order, read through one JSON text that SQLite builds: one call into wasm instead of one for every
   * column of every row and its name.
   */
  arraysViaJson(
    columns: readonly string[],
    from: string,
    orderBy: string,
    bind?: SqlValue[],
  ): SqlValue[][];
  /** arraysViaJson's rows as objects keyed by column name. */
  allViaJson(columns: readonly string[], from: string, orderBy: string, bind?: SqlValue[]): Row[];
  /** Finalizes the kept statements; the caller closes the database. */
  dispose(): void;
}

export const createStatements = (db: Database): Statements => {
  const cache = new Map<string, PreparedStatement>();

  const statement = (sql: string): PreparedStatement => {
    let prepared = cache.get(sql);
    if (!prepared) {
      prepared = db.prepare(sql);
      cache.set(sql, prepared);
    }
    return prepared;
  };

  const all = (sql: string, bind: SqlValue[] = []): Row[] => {
    const prepared = statement(sql);
    try {
      if (bind.length) prepared.bind(bind);
      const rows: Row[] = [];
      while (prepared.step()) rows.push(prepared.get({}));
      return rows;
    } finally {
      prepared.reset(true);
    }
  };

  const one = (sql: string, bind: SqlValue[] = []): Row | undefined => all(sql, bind)[0];

  const arraysViaJson = (
    columns: readonly string[],
    from: string,
    orderBy: string,
    bind: SqlValue[] = [],
  ): SqlValue[][] => {
    const text = one(
      `SELECT json_group_array(json_array(${columns.join(', ')}) ORDER BY ${orderBy}) AS rows FROM ${from}`,
      bind,
    )?.rows;
    return typeof text === 'string' ? (JSON.parse(text) as SqlValue[][]) : [];
  };

  return {
    all,
    one,
    run: (sql, bind = []) => {
      const prepared = statement(sql);
      try {
        if (bind.length) prepared.bind(bind);
        prepared.step();
        return Number(db.changes());
      } finally {
        prepared.reset(true);
      }
    },
    arraysViaJson,
    allViaJson: (columns, from, orderBy, bind = []) =>
      arraysViaJson(columns, from, orderBy, bind).map((values) =>
        Object.fromEntries(columns.map((name, i) => [name, values[i] ?? null])),
      ),
    dispose: () => {
      for (const prepared of cache.values()) prepared.finalize();
      cache.clear();
    },
  };
};
