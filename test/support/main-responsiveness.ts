/**
 * How main's event loop fares while something runs beside it (the MCP host's tests and bench): a 5 ms
 * timer's lateness, and round trips to the host. A late tick counts as blocked only up to the CPU time
 * this process used meanwhile: on a machine whose cores are shared, a tick that waited for a core was not
 * blocked by anything main did. Both figures are kept.
 */
export interface Responsiveness {
  /** The longest main's event loop was busy with work of its own between two ticks. */
  maxBlockedMs: number;
  /** The longest a tick was late by the wall clock: blocked, or waiting for a core. */
  maxLagMs: number;
  /** Round trips while it ran: the 90th percentile and the slowest. */
  p90PingMs: number;
  maxPingMs: number;
  pings: number;
}

const TICK_MS = 5;

export async function watchMain(
  ping: () => Promise<number>,
  during: Promise<unknown>,
): Promise<Responsiveness> {
  let maxLagMs = 0;
  let maxBlockedMs = 0;
  let last = performance.now();
  let lastCpu = process.cpuUsage();
  const timer = setInterval(() => {
    const now = performance.now();
    const cpu = process.cpuUsage(lastCpu);
    const lag = now - last - TICK_MS;
    maxLagMs = Math.max(maxLagMs, lag);
    maxBlockedMs = Math.max(maxBlockedMs, Math.min(lag, (cpu.user + cpu.system) / 1000));
    last = now;
    lastCpu = process.cpuUsage();
  }, TICK_MS);
  const pings: number[] = [];
  let done = false;
  const pinging = (async () => {
    while (!done) {
      pings.push(await ping());
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  })();
  await during.catch(() => undefined);
  done = true;
  await pinging;
  clearInterval(timer);
  pings.sort((a, b) => a - b);
  return {
    maxBlockedMs,
    maxLagMs,
    p90PingMs: pings[Math.floor(pings.length * 0.9)] ?? 0,
    maxPingMs: pings.at(-1) ?? 0,
    pings: pings.length,
  };
}

/** One line for a log: each figure to a tenth of a millisecond. */
export function describeResponsiveness(result: Responsiveness): string {
  const ms = (value: number): string => `${value.toFixed(1)} ms`;
  return `main blocked ≤ ${ms(result.maxBlockedMs)}, timer late ≤ ${ms(result.maxLagMs)} by the wall clock; ${result.pings} pings to the host, p90 ${ms(result.p90PingMs)}, max ${ms(result.maxPingMs)}`;
}
