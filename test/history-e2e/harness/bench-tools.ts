/**
 * Benchmark helpers that run inside the harness page: timings are taken here, next to the client, so
 * the figures do not include the test driver's round trips.
 */
import { parseQuery } from '../../../renderer/src/history/fts-query';
import type { HistoryClientHandle } from '../../../renderer/src/history/history-client';
import type { ScannableText } from '../../../renderer/src/history/reference-scan';
import { prepareForScan, scanMatches } from '../../../renderer/src/history/reference-scan';
import type { Backup } from '../../../renderer/src/history/backup';

export interface QueryTiming {
  kind: string;
  query: string;
  ftsMs: number;
  scanMs: number;
  equal: boolean;
  hits: number;
}

interface ScanRow {
  key: string;
  createdAt: number;
  text: ScannableText;
}

let rows: ScanRow[] = [];
let longTasks: PerformanceEntry[] = [];
new PerformanceObserver((list) => {
  longTasks.push(...list.getEntries());
}).observe({ type: 'longtask', buffered: true });

export const benchTools = {
  /**
   * A file fetched as a Blob (a file the person chose) and imported as one streamed backup, timed
   * together, with the long tasks on this thread meanwhile. Nothing here holds the file as a string.
   */
  timeImportBlob: async (client: HistoryClientHandle, name: string) => {
    longTasks = [];
    const started = performance.now();
    const file = await (await fetch(`./${name}`)).blob();
    const fetchedMs = performance.now() - started;
    const summary = await client.importBackup(file);
    const ms = performance.now() - started;
    const during = longTasks.filter((task) => task.startTime >= started);
    return {
      ms,
      fetchedMs,
      conversations: summary.conversations,
      messages: summary.messages,
      skipped: summary.skipped.length,
      longTasks: during.length,
      longestTaskMs: Math.max(0, ...during.map((task) => task.duration)),
    };
  },

  /** A plain `JSON.parse` of a fetched file's text, timed alone: a same-run reference. */
  timeJsonParse: async (name: string): Promise<number> => {
    const text = await (await fetch(`./${name}`)).text();
    const started = performance.now();
    JSON.parse(text);
    return performance.now() - started;
  },

  /** Fetches the data file as text (the way a person's file reaches the app: a string). */
  fetchText: async (name: string): Promise<string> => (await fetch(`./${name}`)).text(),

  /** Imports and reports the time and the long tasks on this (the UI) thread meanwhile. */
  timeImport: async (client: HistoryClientHandle, json: string) => {
    longTasks = [];
    const started = performance.now();
    const summary = await client.importBackup(json);
    const ms = performance.now() - started;
    const during = longTasks.filter((task) => task.startTime >= started);
    return {
      ms,
      summary,
      longTasks: during.length,
      longestTaskMs: Math.max(0, ...during.map((task) => task.duration)),
    };
  },

  /** Builds the scan's view of the same data, newest first, as a plain in-memory baseline. */
  prepareScan: (json: string): number => {
    const backup = JSON.parse(json) as Backup;
    rows = [];
    for (const conversation of backup.conversations) {
      rows.push({
        key: `title:${conversation.id}`,
        createdAt: conversation.updatedAt,
        text: prepareForScan(conversation.title),
      });
      for (const message of conversation.messages) {
        rows.push({
          key: message.id,
          createdAt: message.createdAt,
          text: prepareForScan(message.content),
        });
      }
    }
    rows.sort((a, b) => b.createdAt - a.createdAt);
    return rows.length;
  },

  timeQueries: async (
    client: HistoryClientHandle,
    queries: Array<{ kind: string; query: string }>,
    limit: number,
  ): Promise<QueryTiming[]> => {
    const out: QueryTiming[] = [];
    for (const { kind, query } of queries) {
      const ftsStart = performance.now();
      const hits = await client.search(query, { limit });
      const ftsMs = performance.now() - ftsStart;
      const scanStart = performance.now();
      const terms = parseQuery(query);
      const scanned: string[] = [];
      for (const row of rows) {
        if (scanMatches(row.text, terms)) scanned.push(`${row.createdAt}:${row.key}`);
        if (scanned.length === limit) break;
      }
      const scanMs = performance.now() - scanStart;
      const got = hits.map(
        (hit) => `${hit.createdAt}:${hit.messageId ?? `title:${hit.conversationId}`}`,
      );
      // Same answers in the same time order; a title and a message of the same millisecond may swap.
      const canonical = (keys: string[]): string =>
        keys
          .sort((a, b) => Number.parseInt(b, 10) - Number.parseInt(a, 10) || a.localeCompare(b))
          .join();
      out.push({
        kind,
        query,
        ftsMs,
        scanMs,
        equal: canonical(got) === canonical(scanned),
        hits: got.length,
      });
    }
    return out;
  },

  timeSwitches: async (client: HistoryClientHandle, ids: string[]): Promise<number[]> => {
    const times: number[] = [];
    for (const id of ids) {
      const started = performance.now();
      await client.getConversation(id);
      await client.listMessages(id, { limit: 50 });
      times.push(performance.now() - started);
    }
    return times;
  },

  /**
   * Each message's version shown as the chat store shows one (chat-store.ts `showVersion`): the newest
   * leaf below it, remembered as the conversation's branch, then the last page of that branch with its
   * siblings. Times each, and checks the page ends on that leaf with the message's pager on it.
   */
  timeShowVersions: async (
    client: HistoryClientHandle,
    conversationId: string,
    messageIds: string[],
    pageSize: number,
  ): Promise<Array<{ ms: number; ok: boolean }>> => {
    const conversation = await client.getConversation(conversationId);
    if (!conversation) throw new Error(`no conversation ${conversationId}`);
    const out: Array<{ ms: number; ok: boolean }> = [];
    for (const id of messageIds) {
      const started = performance.now();
      const leaf = (await client.branchLeaf(id)) ?? id;
      await client.saveConversation({ ...conversation, currentLeafId: leaf });
      const page = await client.listMessages(conversationId, { limit: pageSize });
      const ms = performance.now() - started;
      const shown = page.messages.some((message) => message.id === id);
      out.push({
        ms,
        ok:
          page.messages.at(-1)?.id === leaf &&
          (!shown || id === leaf || (page.siblings[id]?.count ?? 0) > 1),
      });
    }
    return out;
  },

  /**
   * A file fetched and imported, timed together (a person's file is read, then imported), with the long
   * tasks on this thread meanwhile; then, as a same-run reference that moves with the machine's load,
   * the time a plain `JSON.parse` of the same text takes here.
   */
  timeImportFile: async (client: HistoryClientHandle, name: string) => {
    longTasks = [];
    const started = performance.now();
    const text = await (await fetch(`./${name}`)).text();
    const summary = await client.importBackup(text);
    const ms = performance.now() - started;
    const during = longTasks.filter((task) => task.startTime >= started);
    const parseStart = performance.now();
    JSON.parse(text);
    return {
      ms,
      parseMs: performance.now() - parseStart,
      messages: summary.messages,
      longTasks: during.length,
      longestTaskMs: Math.max(0, ...during.map((task) => task.duration)),
    };
  },

  /** Each query searched and timed, with its hits as `createdAt:messageId` (`title:<id>` for titles). */
  timeSearches: async (
    client: HistoryClientHandle,
    queries: Array<{ kind: string; query: string }>,
    limit: number,
  ): Promise<Array<{ kind: string; query: string; ms: number; keys: string[] }>> => {
    const out: Array<{ kind: string; query: string; ms: number; keys: string[] }> = [];
    for (const { kind, query } of queries) {
      const started = performance.now();
      const hits = await client.search(query, { limit });
      const ms = performance.now() - started;
      const keys = hits.map(
        (hit) => `${hit.createdAt}:${hit.messageId ?? `title:${hit.conversationId}`}`,
      );
      out.push({ kind, query, ms, keys });
    }
    return out;
  },

  /**
   * Every file in this origin's OPFS with its size, largest first (the history's pool holds the
   * database, its journal and spare files; the database is the largest). Ask after the client closed,
   * so no file is held open.
   */
  opfsFiles: async (): Promise<Array<{ path: string; bytes: number }>> => {
    const out: Array<{ path: string; bytes: number }> = [];
    const walk = async (dir: FileSystemDirectoryHandle, prefix: string): Promise<void> => {
      for await (const [name, handle] of (
        dir as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }
      ).entries()) {
        if (handle.kind === 'directory')
          await walk(handle as FileSystemDirectoryHandle, `${prefix}${name}/`);
        else
          out.push({
            path: `${prefix}${name}`,
            bytes: (await (handle as FileSystemFileHandle).getFile()).size,
          });
      }
    };
    await walk(await navigator.storage.getDirectory(), '');
    return out.sort((a, b) => b.bytes - a.bytes);
  },

  storageBytes: async (): Promise<number> => (await navigator.storage.estimate()).usage ?? 0,
};

export type BenchTools = typeof benchTools;
