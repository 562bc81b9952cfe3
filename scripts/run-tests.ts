/**
 * `npm test`: every check in order, each still an npm script of its own, then a summary that names every
 * skipped suite and why, ending on `N passed, N failed, N skipped`. A step that fails does not stop the
 * ones after it, except those that need its output (the e2e suites need the build), so one run shows
 * every problem. Exit code 1 when any step failed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { JSONReport } from '@playwright/test/reporter';
import type { JsonTestResults } from 'vitest/reporters';
import {
  countPlaywright,
  countVitest,
  stepResult,
  summaryLines,
  type StepOutcome,
  type TestCounts,
} from './test-report';

export interface Step {
  name: string;
  /** The npm script that runs this step on its own. */
  script: string;
  /** Which runner's JSON report to read, for test counts and skip reasons. */
  report?: 'vitest' | 'playwright';
  /** A step whose output this one uses: not run when that one failed. */
  needs?: string;
}

export const steps: Step[] = [
  { name: 'Typecheck', script: 'typecheck' },
  { name: 'Lint', script: 'lint' },
  { name: 'Format check', script: 'format:check' },
  { name: 'Lockfile check', script: 'lint:lockfile' },
  { name: 'Unit', script: 'test:unit', report: 'vitest' },
  { name: 'Build', script: 'build' },
  { name: 'Web e2e', script: 'test:web-e2e', report: 'playwright', needs: 'Build' },
  { name: 'History e2e', script: 'test:history-e2e', report: 'playwright' },
  { name: 'Electron e2e', script: 'test:electron-e2e', report: 'playwright', needs: 'Build' },
];

/** Extra arguments and environment that make a runner also write its JSON report to `reportFile`. */
function reporting(step: Step, reportFile: string): { args: string[]; env: NodeJS.ProcessEnv } {
  switch (step.report) {
    case 'vitest':
      return {
        args: ['--reporter=default', '--reporter=json', `--outputFile.json=${reportFile}`],
        env: {},
      };
    case 'playwright':
      return { args: ['--reporter=list,json'], env: { PLAYWRIGHT_JSON_OUTPUT_FILE: reportFile } };
    default:
      return { args: [], env: {} };
  }
}

function readCounts(step: Step, reportFile: string): TestCounts | null {
  if (!step.report || !existsSync(reportFile)) return null;
  const report: unknown = JSON.parse(readFileSync(reportFile, 'utf8'));
  return step.report === 'vitest'
    ? countVitest(report as JsonTestResults)
    : countPlaywright(report as JSONReport);
}

function runStep(step: Step, reportDir: string): StepOutcome['result'] {
  const reportFile = path.join(reportDir, `${step.script.replaceAll(':', '-')}.json`);
  const { args, env } = reporting(step, reportFile);
  console.log(
    `\n▶ ${step.name}: npm run ${step.script}${args.length ? ` -- ${args.join(' ')}` : ''}\n`,
  );
  const started = performance.now();
  const child = spawnSync(
    'npm',
    ['run', '--silent', step.script, ...(args.length ? ['--', ...args] : [])],
    {
      stdio: 'inherit',
      env: { ...process.env, ...env },
      // npm is npm.cmd on Windows, which only a shell can start.
      shell: process.platform === 'win32',
    },
  );
  const durationMs = performance.now() - started;
  return stepResult(child.status ?? 1, readCounts(step, reportFile), durationMs);
}

function runAll(): number {
  const reportDir = mkdtempSync(path.join(tmpdir(), 'runnel-test-reports-'));
  const outcomes: StepOutcome[] = [];
  try {
    for (const step of steps) {
      const prerequisite = outcomes.find((outcome) => outcome.name === step.needs);
      if (prerequisite && prerequisite.result.status !== 'passed') {
        const reason = `not run: ${prerequisite.name} ${prerequisite.result.status}`;
        outcomes.push({ name: step.name, result: { status: 'skipped', durationMs: 0, reason } });
        continue;
      }
      outcomes.push({ name: step.name, result: runStep(step, reportDir) });
    }
  } finally {
    rmSync(reportDir, { recursive: true, force: true });
  }
  for (const line of summaryLines(outcomes)) console.log(line);
  return outcomes.some((outcome) => outcome.result.status === 'failed') ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  process.exitCode = runAll();
}
