/**
 * Watches a whole browser context for two things the app must never do: ask for anything outside its
 * own origin, or break its Content Security Policy. It sees every page, frame and worker of the
 * context, including those opened after it started (quick ask, a second window, a popup), which a
 * watch on the first page misses.
 *
 * Requests come from the context's own `request` event, which Playwright fires for pages and their
 * workers alike. Violations come from the `securitypolicyviolation` event, which fires in the scope
 * that broke the policy and nowhere else: an init script listens in every document, and a prelude the
 * loopback server puts before each worker script listens in workers (init scripts never run there).
 * Both report on the console with one tag, and the context hears the console of every page and worker.
 */
import { expect, type BrowserContext } from '@playwright/test';

const TAG = '[runnel-csp-violation]';

export interface CspViolation {
  /** The directive that refused, e.g. `script-src-elem`, `connect-src`. */
  directive: string;
  /** What was refused: a URL, or `inline` / `eval`. */
  blocked: string;
  /** The document or worker it happened in. */
  where: string;
  /** The script and line that broke the rule, when the browser knows. */
  source: string;
}

export interface ContextGuard {
  /** Requests to anywhere but the allowed origins (and `data:` / `blob:` URLs), in order. */
  readonly outsideRequests: readonly string[];
  readonly violations: readonly CspViolation[];
  /** Returns the violations seen so far and forgets them: for a test that provokes some on purpose. */
  takeViolations(): CspViolation[];
  /** Returns the outside requests seen so far and forgets them, likewise. */
  takeOutsideRequests(): string[];
  /** Counts `origin` as the app's own from now on: for a spec that serves its own page. */
  allowOrigin(origin: string): void;
  /**
   * Waits until every open page has handed over what it logged before now, then returns one line per
   * problem seen (empty when the context behaved).
   */
  settle(): Promise<string[]>;
}

/**
 * Runs in every document (as an init script) and every worker (as a prelude): reports each CSP
 * violation of its scope on the console. Self-contained, since it is sent to the browser as source.
 */
function reportCspViolations(scope: {
  addEventListener(type: string, listener: (event: SecurityPolicyViolationEvent) => void): void;
  location: { href: string };
}): void {
  // A page with its policy in both a header and a meta tag hears each violation once per policy.
  const reported = new Set<string>();
  scope.addEventListener('securitypolicyviolation', (event) => {
    const violation = JSON.stringify({
      directive: event.effectiveDirective,
      blocked: event.blockedURI,
      where: scope.location.href,
      source: event.sourceFile
        ? `${event.sourceFile}:${event.lineNumber}:${event.columnNumber}`
        : '',
    });
    if (reported.has(violation)) return;
    reported.add(violation);
    console.error('[runnel-csp-violation]' + violation);
  });
}

/**
 * The reporter as a script for any scope: `self` is the window in a document and the global scope in
 * a worker. Before a worker script's first line, an `import` below it is still hoisted above it, and
 * the listener is in place before the first violation's event is dispatched (events are queued tasks).
 */
export const VIOLATION_REPORTER = `(${reportCspViolations.toString()})(self);\n`;

/** Starts watching `context`; `allowedOrigins` are the app's own, e.g. `http://127.0.0.1:PORT`. */
export async function guardContext(
  context: BrowserContext,
  allowedOrigins: readonly string[],
): Promise<ContextGuard> {
  const outsideRequests: string[] = [];
  const violations: CspViolation[] = [];
  const allowed = new Set(allowedOrigins.map((origin) => new URL(origin).origin));
  context.on('request', (request) => {
    const url = request.url();
    if (!isOwn(url, allowed)) outsideRequests.push(url);
  });
  context.on('console', (message) => {
    const text = message.text();
    if (text.startsWith(TAG)) violations.push(JSON.parse(text.slice(TAG.length)) as CspViolation);
  });
  await context.addInitScript({ content: VIOLATION_REPORTER });
  return {
    outsideRequests,
    violations,
    takeViolations: () => violations.splice(0),
    takeOutsideRequests: () => outsideRequests.splice(0),
    allowOrigin: (origin) => void allowed.add(new URL(origin).origin),
    async settle() {
      // A round trip through each page: what it logged before answering has been delivered by then.
      await Promise.all(context.pages().map((page) => page.evaluate(() => 0).catch(() => 0)));
      return [
        ...outsideRequests.map((url) => `request to an outside address: ${url}`),
        ...violations.map(
          (v) =>
            `CSP violation in ${v.where}: ${v.directive} refused ${v.blocked || '(nothing)'}` +
            (v.source ? ` (at ${v.source})` : ''),
        ),
      ];
    },
  };
}

/**
 * The guard as a fixture's body: watches `context` while the test runs, then fails the test on any
 * outside request or CSP violation nobody took off the list.
 */
export async function runGuarded(
  context: BrowserContext,
  allowedOrigins: readonly string[],
  use: (guard: ContextGuard) => Promise<void>,
): Promise<void> {
  const guard = await guardContext(context, allowedOrigins);
  await use(guard);
  expect(
    await guard.settle(),
    'nothing outside the app was asked for, and no CSP rule was broken',
  ).toEqual([]);
}

function isOwn(url: string, allowed: ReadonlySet<string>): boolean {
  if (url.startsWith('data:') || url.startsWith('blob:')) return true;
  try {
    return allowed.has(new URL(url).origin);
  } catch {
    return false;
  }
}
