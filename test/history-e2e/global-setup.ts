/** Builds and serves the harness for the suite; tests find it at HISTORY_E2E_URL. */
import { startHarnessServer } from './harness-server';

export default async function globalSetup(): Promise<() => Promise<void>> {
  const server = await startHarnessServer();
  process.env.HISTORY_E2E_URL = server.url;
  return () => server.close();
}
