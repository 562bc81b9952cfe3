/**
 * The commands a newcomer types first: `npm start` and `npm run dev` fetch Electron's binary before
 * electron-vite looks for it and build once; `engines` states the Node that the dependencies really need,
 * while `npm ci` still installs on an older Node (this machine's CI) with warnings, not errors.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  engines: { node: string };
};
const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { engines?: { node?: string } | string[] }>;
};

const commands = (script: string): string[] =>
  manifest.scripts[script]!.split('&&').map((command) => command.trim());

/** Each command of a script, with `npm run x` replaced by x's own commands. */
function expanded(script: string): string[] {
  return commands(script).flatMap((command) => {
    const nested = /^npm run (\S+)$/.exec(command);
    return nested ? expanded(nested[1]!) : [command];
  });
}

const ensuresElectron = 'node --import tsx scripts/ensure-electron.ts';
const buildsApp = (command: string): boolean =>
  command === 'electron-vite build' ||
  (command.startsWith('electron-vite preview') && !command.includes('--skipBuild'));

describe('npm start, npm run dev and npm run dist', () => {
  it.each(['start', 'dev', 'dist'])('%s fetches the Electron binary first', (script) => {
    expect(commands(script)[0]).toBe(ensuresElectron);
  });

  it('npm start builds the app once, then starts it', () => {
    const steps = expanded('start');
    expect(steps.filter(buildsApp)).toHaveLength(1);
    expect(steps.at(-1)).toMatch(/^electron-vite preview/);
  });

  it('npm run dist builds once, then packages', () => {
    const steps = expanded('dist');
    expect(steps.filter(buildsApp)).toHaveLength(1);
    expect(steps.at(-1)).toMatch(/^electron-builder\b/);
  });
});

describe('engines.node', () => {
  it('is no wider than what every locked dependency declares', () => {
    const declared = manifest.engines.node;
    const narrower = Object.entries(lock.packages)
      .map(([key, entry]) => [key, Array.isArray(entry.engines) ? undefined : entry.engines?.node])
      .filter((pair): pair is [string, string] => pair[0] !== '' && pair[1] !== undefined)
      .filter(([, range]) => !semver.subset(declared, range))
      .map(([key, range]) => `${key.replace(/^.*node_modules\//, '')} wants ${range}`);
    expect(narrower).toEqual([]);
  });

  it('still lets npm install on an older Node: engine-strict is not turned on', () => {
    const npmrc = path.join(root, '.npmrc');
    const settings = existsSync(npmrc) ? readFileSync(npmrc, 'utf8') : '';
    expect(settings).not.toMatch(/^\s*engine-strict\s*=\s*true/m);
  });
});
