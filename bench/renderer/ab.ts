/**
 * Development tool, not part of `npm run bench`: Runnel at an earlier commit against the work tree, side
 * by side in one Chromium, alternating which goes first each round, so a busy machine weighs on both
 * alike. `node --import tsx bench/renderer/ab.ts <commit> stream [rounds] [length]` streams the Markdown
 * answer as the renderer benchmark does (busy time net of the floor, and each against Streamdown's in the
 * same round); `… <commit> open [rounds] [length]` opens the finished answer cold as the long-answer
 * benchmark does (long tasks, first screen, busy time). The commit's tree is exported with `git archive`
 * into a temporary directory that borrows this tree's node_modules.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { chromiumLaunchOptions } from '../../test/support/chromium';
import { measureOpen } from '../scale/long-answer.bench';
import { buildHarness } from './build-harness';
import type { RendererName } from './harness/renderers';
import { measure } from './renderer.bench';
import { serveDirectory } from './serve-directory';
import { markdownAnswer } from './workloads';

const repo = path.resolve(import.meta.dirname, '../..');

async function exportCommit(commit: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'runnel-ab-'));
  execFileSync('sh', ['-c', `git archive "$1" | tar -x -C "$2"`, 'sh', commit, dir], { cwd: repo });
  await symlink(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

interface Sample extends Record<string, number> {
  busyS: number;
}

async function sampleOf(
  mode: string,
  browser: Browser,
  url: string,
  renderer: RendererName,
  text: string,
): Promise<Sample> {
  if (mode === 'open') {
    const { busyS, open } = await measureOpen(browser, url, renderer, text);
    return {
      busyS,
      longTasks: open.longTasks,
      longestMs: open.longestTaskMs,
      firstScreenMs: open.firstScreenMs,
    };
  }
  const { busyS, stream } = await measure(browser, url, renderer, text);
  return { busyS, longTasks: stream.longTasks, longestMs: stream.longestTaskMs };
}

async function main(): Promise<void> {
  const [commit = 'HEAD', mode = 'stream', roundsArg, lengthArg] = process.argv.slice(2);
  const rounds = Number(roundsArg ?? 6);
  const length = Number(lengthArg ?? (mode === 'open' ? 51_000 : 10_000));
  const text = markdownAnswer(length);
  const before = await exportCommit(commit);
  const dirs = { before: await buildHarness({ root: before }), after: await buildHarness() };
  const servers = {
    before: await serveDirectory(dirs.before),
    after: await serveDirectory(dirs.after),
  };
  const browser = await chromium.launch(chromiumLaunchOptions({ headless: true }));
  const samples: Record<string, Sample[]> = {};
  try {
    for (let round = 1; round <= rounds; round += 1) {
      const sides =
        round % 2 === 1 ? (['before', 'after'] as const) : (['after', 'before'] as const);
      const floor = await sampleOf(mode, browser, servers.after.url, 'floor', text);
      const got: Record<string, Sample> = { floor };
      for (const side of sides)
        got[side] = await sampleOf(mode, browser, servers[side].url, 'runnel', text);
      if (mode === 'stream')
        got.streamdown = await sampleOf(mode, browser, servers.after.url, 'streamdown', text);
      const net = (s: Sample | undefined): number => (s?.busyS ?? Number.NaN) - floor.busyS;
      const line = [`round ${round}`];
      for (const side of ['before', 'after', 'streamdown']) {
        const s = got[side];
        if (!s) continue;
        const entry: Record<string, number> = { ...s, net: net(s) };
        if (mode === 'stream' && side !== 'streamdown')
          entry.toStreamdown = net(s) / net(got.streamdown);
        (samples[side] ??= []).push({ busyS: s.busyS, ...entry });
        line.push(
          `${side} ${Object.entries(entry)
            .map(([k, v]) => `${k} ${Number(v.toFixed(3))}`)
            .join(' ')}`,
        );
      }
      const ratio = net(got.after) / net(got.before);
      (samples.ratio ??= []).push({ busyS: Number.NaN, afterToBefore: ratio });
      console.log(`${line.join(' | ')} | after/before ${ratio.toFixed(3)}`);
    }
  } finally {
    await browser.close();
    for (const server of Object.values(servers)) await server.close();
    for (const dir of [...Object.values(dirs), before])
      await rm(dir, { recursive: true, force: true });
  }
  console.log(`medians over ${rounds} rounds (${mode}, ${length} characters, before = ${commit}):`);
  for (const [side, list] of Object.entries(samples)) {
    const keys = Object.keys(list[0] ?? {});
    console.log(
      `  ${side}: ${keys.map((k) => `${k} ${Number(median(list.map((s) => s[k] ?? Number.NaN)).toFixed(3))}`).join(', ')}`,
    );
  }
}

void main();
