/**
 * What every refused import is checked for: it throws a HistoryFailure with the importer's code, its
 * message ends "Nothing was imported.", and the store holds exactly what it held before.
 */
import { expect } from 'vitest';
import type { HistoryStore } from '../../../../renderer/src/history/history-store';

/** Runs `attempt` (a JSON import, or reading a ZIP and importing it) and returns the refusal's message. */
export async function refusalOf(
  store: HistoryStore,
  code: 'invalid-backup' | 'invalid-chatgpt-export',
  attempt: () => unknown,
): Promise<string> {
  const before = store.exportBackup();
  let message = '';
  try {
    await attempt();
  } catch (error) {
    expect((error as { code?: string }).code).toBe(code);
    message = (error as Error).message;
  }
  expect(message).toMatch(/Nothing was imported\.$/);
  expect(store.exportBackup()).toBe(before);
  return message;
}
