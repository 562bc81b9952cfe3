/**
 * How tests and benchmarks launch Chromium. Debian's /usr/bin/chromium by default; set
 * RUNNEL_CHROMIUM to another binary, or to `playwright` to use Playwright's own downloaded browser.
 */
import type { LaunchOptions } from '@playwright/test';

export const chromiumPath = (): string | undefined => {
  const chosen = process.env.RUNNEL_CHROMIUM ?? '/usr/bin/chromium';
  return chosen === 'playwright' ? undefined : chosen;
};

/** Flags that keep Chromium off the closed network here and let it run as root in CI. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-gpu',
];

export const chromiumLaunchOptions = (extra: LaunchOptions = {}): LaunchOptions => {
  const executablePath = chromiumPath();
  return {
    ...(executablePath ? { executablePath } : {}),
    ...extra,
    args: [...chromiumArgs, ...(extra.args ?? [])],
  };
};
