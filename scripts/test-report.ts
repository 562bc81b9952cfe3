/**
 * What one step of `npm test` came to, read from its exit code and, for the test runners, from their JSON
 * reports: a step whose every test was skipped (the Electron suite where the binary is absent) is reported
 * as skipped, with the reason the tests gave, instead of passing silently.
 */
import type { JSONReport, JSONReportSuite } from '@playwright/test/reporter';
import type { JsonTestResults } from 'vitest/reporters';

export interface TestCounts {
  passed: number;
  failed: number;
  skipped: number;
  /** Why tests were skipped: Playwright's skip reasons, or the skipped tests' names where there are none. */
  skipReasons: string[];
}

export type StepResult =
  | { status: 'passed'; durationMs: number; partlySkipped: TestCounts | null }
  | { status: 'failed'; durationMs: number; detail: string }
  | { status: 'skipped'; durationMs: number; reason: string };

export interface StepOutcome {
  name: string;
  result: StepResult;
}

const unique = (values: string[]): string[] => [...new Set(values)];

function* playwrightTests(suites: JSONReportSuite[]): Generator<{
  title: string;
  status: string;
  skipReason: string | undefined;
}> {
  for (const suite of suites) {
    for (const spec of suite.specs) {
      for (const test of spec.tests) {
        const annotation = test.annotations.find((note) => note.type === 'skip');
        yield { title: spec.title, status: test.status, skipReason: annotation?.description };
      }
    }
    yield* playwrightTests(suite.suites ?? []);
  }
}

export function countPlaywright(report: JSONReport): TestCounts {
  const tests = [...playwrightTests(report.suites)];
  const skipped = tests.filter((test) => test.status === 'skipped');
  return {
    passed: report.stats.expected + report.stats.flaky,
    failed: report.stats.unexpected,
    skipped: report.stats.skipped,
    skipReasons: unique(skipped.map((test) => test.skipReason ?? test.title)),
  };
}

export function countVitest(report: JsonTestResults): TestCounts {
  const skipped = report.testResults
    .flatMap((file) => file.assertionResults)
    .filter((test) => ['skipped', 'pending', 'todo', 'disabled'].includes(test.status));
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests,
    skipped: report.numPendingTests + report.numTodoTests,
    // Vitest keeps no skip reason; the describe block's title says the condition (e.g. "with the binary absent").
    skipReasons: unique(skipped.map((test) => test.ancestorTitles.join(' > ') || test.title)),
  };
}

/** A step's result from its exit code and, for a test runner, what its report counted. */
export function stepResult(
  exitCode: number,
  counts: TestCounts | null,
  durationMs: number,
): StepResult {
  if (exitCode !== 0) {
    const detail =
      counts === null
        ? `exit code ${exitCode}`
        : counts.failed > 0
          ? `${counts.failed} failed`
          : `exit code ${exitCode} with no failed test: an error outside the tests (see above)`;
    return { status: 'failed', durationMs, detail };
  }
  if (counts === null) return { status: 'passed', durationMs, partlySkipped: null };
  if (counts.failed > 0) return { status: 'failed', durationMs, detail: `${counts.failed} failed` };
  if (counts.passed === 0 && counts.skipped === 0) {
    return { status: 'failed', durationMs, detail: 'no tests ran' };
  }
  if (counts.passed === 0) {
    return {
      status: 'skipped',
      durationMs,
      reason: counts.skipReasons.join('; ') || 'every test skipped',
    };
  }
  return { status: 'passed', durationMs, partlySkipped: counts.skipped > 0 ? counts : null };
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/**
 * The closing lines of `npm test`: one row per step, a line naming every skipped suite and why, and
 * `N passed, N failed, N skipped` over the steps, last, for whatever reads the run's end.
 */
export function summaryLines(outcomes: StepOutcome[]): string[] {
  const width = Math.max(...outcomes.map((outcome) => outcome.name.length));
  const rows = outcomes.map(({ name, result }) => {
    const label = name.padEnd(width);
    const time = seconds(result.durationMs).padStart(8);
    switch (result.status) {
      case 'passed': {
        const partly = result.partlySkipped;
        const note = partly
          ? ` (${partly.skipped} of ${partly.passed + partly.skipped} skipped)`
          : '';
        return `  ok    ${label} ${time}${note}`;
      }
      case 'failed':
        return `  FAIL  ${label} ${time}  ${result.detail}`;
      case 'skipped':
        return `  skip  ${label} ${time}  ${result.reason}`;
    }
  });

  const skipNotes = outcomes.flatMap(({ name, result }) => {
    if (result.status === 'skipped') return [`${name} (${result.reason})`];
    if (result.status === 'passed' && result.partlySkipped) {
      const { skipped, passed, skipReasons } = result.partlySkipped;
      return [`${skipped} of ${passed + skipped} ${name} tests (${skipReasons.join('; ')})`];
    }
    return [];
  });

  const count = (status: StepResult['status']): number =>
    outcomes.filter((outcome) => outcome.result.status === status).length;
  return [
    '',
    'Summary of npm test:',
    ...rows,
    skipNotes.length > 0 ? `Skipped: ${skipNotes.join('; ')}` : 'Skipped: nothing',
    `${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped`,
  ];
}
