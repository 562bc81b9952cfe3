/**
 * The GitHub Actions workflows, checked here where they cannot run: each against the workflow JSON schema
 * (vendored, see test/fixtures/schemas/README.md), and the release workflow for what a release needs:
 * a version tag, installers built on each system's own runner, signing only from secrets with a clearly
 * unsigned fallback, and publication through electron-builder's GitHub `publish` config.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const workflowsDir = path.join(root, '.github', 'workflows');
const schema = JSON.parse(
  readFileSync(path.join(root, 'test/fixtures/schemas/github-workflow.json'), 'utf8'),
) as object;
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

interface Step {
  name?: string;
  if?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string | boolean>;
}
interface Job {
  'runs-on': string;
  needs?: string | string[];
  strategy?: { matrix: { os: string[] } };
  steps: Step[];
}
interface Workflow {
  on: { push?: { tags?: string[] } };
  permissions?: Record<string, string>;
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}

const load = (file: string): Workflow =>
  yaml.load(readFileSync(path.join(workflowsDir, file), 'utf8')) as Workflow;

describe('every workflow', () => {
  const files = readdirSync(workflowsDir).filter((file) => /\.ya?ml$/.test(file));

  it('includes the CI and release workflows', () => {
    expect(files).toEqual(expect.arrayContaining(['ci.yml', 'release.yml']));
  });

  it.each(files)('%s is valid against the GitHub workflow schema', (file) => {
    validate(load(file));
    expect(validate.errors ?? []).toEqual([]);
  });

  it('fails the schema when a job has no runner or a step is misspelt, so the check can fail', () => {
    const noRunner = load('release.yml');
    delete (noRunner.jobs.draft as Partial<Job>)['runs-on'];
    expect(validate(noRunner)).toBe(false);

    const misspelt = load('release.yml') as unknown as {
      jobs: Record<string, Record<string, unknown>>;
    };
    misspelt.jobs.draft!.step = misspelt.jobs.draft!.steps;
    delete misspelt.jobs.draft!.steps;
    expect(validate(misspelt)).toBe(false);
  });
});

describe('release.yml', () => {
  const release = load('release.yml');
  const installers = release.jobs.installers!;
  const builderRuns = installers.steps.filter((step) => step.run?.includes('electron-builder'));
  const onRunner = (os: string): Step[] =>
    builderRuns.filter((step) => step.if?.includes(`runner.os == '${os}'`));

  it('runs on version tags and may write releases', () => {
    expect(release.on.push?.tags).toEqual(['v*.*.*']);
    expect(release.permissions).toEqual({ contents: 'write' });
    const version = (
      JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('builds on Linux, macOS and Windows runners, after the draft and before publishing', () => {
    expect(installers.strategy?.matrix.os).toEqual([
      'ubuntu-latest',
      'macos-latest',
      'windows-latest',
    ]);
    expect(installers.needs).toBe('draft');
    expect(release.jobs.publish!.needs).toBe('installers');
  });

  it('builds AppImage and deb, dmg and NSIS, and publishes each', () => {
    expect(onRunner('Linux').map((step) => step.run)).toEqual([
      expect.stringContaining('--linux AppImage deb'),
    ]);
    for (const step of onRunner('macOS')) expect(step.run).toContain('--mac dmg');
    for (const step of onRunner('Windows')) expect(step.run).toContain('--win nsis');
    for (const step of builderRuns) expect(step.run).toContain('--publish always');
  });

  it('signs from secrets when they are set, and otherwise says the installer is unsigned', () => {
    for (const os of ['macOS', 'Windows']) {
      const [signed, unsigned] = onRunner(os);
      expect(signed?.if, os).toMatch(/_SIGNING == 'true'$/);
      expect(unsigned?.if, os).toMatch(/_SIGNING != 'true'$/);
      for (const value of Object.values(signed?.env ?? {})) {
        expect(String(value)).toMatch(/^\$\{\{ secrets\.[A-Z_]+ \}\}$/);
      }
      expect(unsigned?.env ?? {}).not.toHaveProperty('CSC_LINK');
      expect(unsigned?.run).toContain('::warning title=Unsigned');
      expect(unsigned?.run).toMatch(/artifactName='[^']*-unsigned\.\$\{ext\}'/);
    }
    expect(onRunner('macOS')[1]?.env?.CSC_IDENTITY_AUTO_DISCOVERY).toBe(false);
    expect(onRunner('macOS')[0]?.env).toHaveProperty('APPLE_TEAM_ID');
  });

  it("publishes through electron-builder's GitHub provider", () => {
    const config = yaml.load(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as {
      publish: { provider: string; releaseType: string };
    };
    expect(config.publish).toEqual({ provider: 'github', releaseType: 'draft' });
  });
});
