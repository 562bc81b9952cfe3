/** Builds and serves the harness for the suite; tests find it at HISTORY_E2E_URL. */
import { VIOLATION_REPORTER } from '../support/context-guard';
import { startHarnessServer } from './harness-server';

export default async function globalSetup(): Promise<() => Promise<void>> {
  // The suite's guard (fixtures.ts) hears CSP violations in workers through this prelude.
  const server = await startHarnessServer({ workerPrelude: VIOLATION_REPORTER });
  process.env.HISTORY_E2E_URL = server.url;
  return () => server.close();
}
