/**
 * `npm test`'s closing summary (scripts/test-report.ts) and its list of steps (scripts/run-tests.ts): a
 * suite whose every test was skipped is reported as skipped with its reason, never as a silent pass, and
 * the last line is the `N passed, N failed, N skipped` that CI reads.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { JSONReport, JSONReportSuite, JSONReportTest } from '@playwright/test/reporter';
import { describe, expect, it } from 'vitest';
import type { JsonAssertionResult, JsonTestResults } from 'vitest/reporters';
import { steps } from '../../../scripts/run-tests';
import {
  countPlaywright,
  countVitest,
  stepResult,
  summaryLines,
  type StepOutcome,
} from '../../../scripts/test-report';
import { SKIP_REASON } from '../../electron-e2e/electron-binary';

const root = path.resolve(import.meta.dirname, '../../..');
const closingLine = /^(\w+: )?\d+ passed, \d+ failed(, \d+ skipped)?$/;

function playwrightTest(status: JSONReportTest['status'], skipReason?: string): JSONReportTest {
  return {
    timeout: 60_000,
    annotations: skipReason ? [{ type: 'skip', description: skipReason }] : [],
    expectedStatus: status === 'skipped' ? 'skipped' : 'passed',
    projectName: '',
    projectId: '',
    results: [],
    status,
  };
}

function playwrightReport(tests: Array<{ title: string; test: JSONReportTest }>): JSONReport {
  const suite: JSONReportSuite = {
    title: 'app.spec.ts',
    file: 'app.spec.ts',
    line: 0,
    column: 0,
    specs: tests.map(({ title, test }, index) => ({
      tags: [],
      title,
      ok: test.status !== 'unexpected',
      tests: [test],
      id: String(index),
      file: 'app.spec.ts',
      line: index,
      column: 0,
    })),
  };
  const count = (status: JSONReportTest['status']): number =>
    tests.filter(({ test }) => test.status === status).length;
  return {
    config: {} as JSONReport['config'],
    suites: [{ ...suite, specs: [], suites: [suite] }],
    errors: [],
    stats: {
      startTime: new Date(0).toISOString(),
      duration: 1,
      expected: count('expected'),
      unexpected: count('unexpected'),
      flaky: count('flaky'),
      skipped: count('skipped'),
    },
  };
}

function vitestReport(statuses: Array<[string[], JsonAssertionResult['status']]>): JsonTestResults {
  const assertionResults = statuses.map(([ancestorTitles, status]): JsonAssertionResult => ({
    ancestorTitles,
    fullName: ancestorTitles.join(' '),
    status,
    title: 'a test',
    meta: {},
    failureMessages: status === 'failed' ? ['boom'] : null,
    tags: [],
  }));
  const count = (status: JsonAssertionResult['status']): number =>
    assertionResults.filter((result) => result.status === status).length;
  return {
    numFailedTests: count('failed'),
    numFailedTestSuites: 0,
    numPassedTests: count('passed'),
    numPassedTestSuites: 1,
    numPendingTests: count('skipped') + count('pending'),
    numPendingTestSuites: 0,
    numTodoTests: count('todo'),
    numTotalTests: assertionResults.length,
    numTotalTestSuites: 1,
    startTime: 0,
    success: count('failed') === 0,
    testResults: [
      {
        message: '',
        name: 'x.test.ts',
        status: 'passed',
        startTime: 0,
        endTime: 1,
        assertionResults,
      },
    ],
    snapshot: {} as JsonTestResults['snapshot'],
  };
}

describe('a step whose every test was skipped', () => {
  const electronSuite = playwrightReport([
    { title: 'launches', test: playwrightTest('skipped', SKIP_REASON) },
    { title: 'quick ask', test: playwrightTest('skipped', SKIP_REASON) },
  ]);

  it('is skipped, with the reason the tests gave, although the runner exited 0', () => {
    expect(stepResult(0, countPlaywright(electronSuite), 900)).toEqual({
      status: 'skipped',
      durationMs: 900,
      reason: SKIP_REASON,
    });
  });

  it('is named with its reason in the summary, and counted as skipped in the closing line', () => {
    const outcomes: StepOutcome[] = [
      { name: 'Unit', result: { status: 'passed', durationMs: 10, partlySkipped: null } },
      { name: 'Electron e2e', result: stepResult(0, countPlaywright(electronSuite), 900) },
    ];
    const lines = summaryLines(outcomes);
    expect(lines.at(-2)).toBe(`Skipped: Electron e2e (${SKIP_REASON})`);
    expect(lines.at(-1)).toBe('1 passed, 0 failed, 1 skipped');
    expect(lines.at(-1)).toMatch(closingLine);
  });
});

describe('step results', () => {
  it('fail on a non-zero exit even when the report counted no failure', () => {
    const report = playwrightReport([{ title: 'a', test: playwrightTest('expected') }]);
    expect(stepResult(1, countPlaywright(report), 5)).toMatchObject({
      status: 'failed',
      detail: 'exit code 1 with no failed test: an error outside the tests (see above)',
    });
    expect(stepResult(2, null, 5)).toMatchObject({ status: 'failed', detail: 'exit code 2' });
  });

  it('fail when a runner ran no test at all', () => {
    expect(stepResult(0, countPlaywright(playwrightReport([])), 5)).toMatchObject({
      status: 'failed',
      detail: 'no tests ran',
    });
  });

  it('say how many tests failed', () => {
    const report = vitestReport([
      [['engine'], 'passed'],
      [['engine'], 'failed'],
    ]);
    expect(stepResult(1, countVitest(report), 5)).toMatchObject({
      status: 'failed',
      detail: '1 failed',
    });
  });

  it('pass with a note when only some tests were skipped, naming where', () => {
    const report = vitestReport([
      [['engine'], 'passed'],
      [['ensure-electron, with the Electron binary absent'], 'skipped'],
      [['ensure-electron, with the Electron binary absent'], 'skipped'],
    ]);
    const result = stepResult(0, countVitest(report), 5);
    expect(result.status).toBe('passed');
    const lines = summaryLines([{ name: 'Unit', result }]);
    expect(lines.at(-2)).toBe(
      'Skipped: 2 of 3 Unit tests (ensure-electron, with the Electron binary absent)',
    );
    expect(lines.at(-1)).toBe('1 passed, 0 failed, 0 skipped');
  });

  it('close on "Skipped: nothing" when nothing was skipped, and count failures', () => {
    const lines = summaryLines([
      { name: 'Typecheck', result: { status: 'passed', durationMs: 1, partlySkipped: null } },
      { name: 'Lint', result: { status: 'failed', durationMs: 1, detail: 'exit code 1' } },
    ]);
    expect(lines.slice(-2)).toEqual(['Skipped: nothing', '1 passed, 1 failed, 0 skipped']);
  });
});

describe('npm test', () => {
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };

  it('runs the steps in order through scripts/run-tests.ts', () => {
    expect(manifest.scripts.test).toBe('node --import tsx scripts/run-tests.ts');
    expect(steps.map((step) => step.name)).toEqual([
      'Typecheck',
      'Lint',
      'Format check',
      'Lockfile check',
      'Unit',
      'Build',
      'Web e2e',
      'History e2e',
      'Electron e2e',
    ]);
  });

  it('runs each step through an npm script that also runs on its own', () => {
    for (const step of steps) expect(manifest.scripts[step.script], step.name).toBeDefined();
  });
});
