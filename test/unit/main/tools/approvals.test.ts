/**
 * Approvals: each server's policy, "always allow" remembered in a real file (a conf store, as
 * electron-store writes it in the app) across restarts and revoked one by one, a damaged file read as
 * nothing remembered, and the approver the tool loop asks.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Conf from 'conf';
import { afterEach, describe, expect, it } from 'vitest';
import type { ToolCall } from '../../../../main/chat/types';
import {
  createApprovals,
  createApprover,
  type ApprovalAnswer,
  type ServerPolicy,
  type ToolRef,
} from '../../../../main/tools/approvals';
import type { ToolApprovalEvent } from '../../../../main/tools/tool-loop';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function open(dir = mkdtempSync(path.join(tmpdir(), 'runnel-approvals-')), now = () => 1_000) {
  dirs.push(dir);
  const lines: string[] = [];
  const approvals = createApprovals({
    dir,
    openStore: (cwd, name) => new Conf({ cwd, configName: name, clearInvalidConfig: true }),
    now,
    log: (line) => lines.push(line),
  });
  return { approvals, dir, lines };
}

const readTool: ToolRef = { serverId: 'files', tool: 'read_file', readOnly: true };
const writeTool: ToolRef = { serverId: 'files', tool: 'write_file', readOnly: false };

describe('policies', () => {
  it.each<[ServerPolicy, ToolRef, boolean]>([
    ['ask', readTool, false],
    ['ask', writeTool, false],
    ['read-only', readTool, true],
    ['read-only', writeTool, false],
    ['all', writeTool, true],
  ])('%s lets %o run without asking: %s', (policy, ref, expected) => {
    expect(open().approvals.allowsWithoutAsking(policy, ref)).toBe(expected);
  });
});

describe('always allow', () => {
  it('is remembered across a restart, for that tool of that server only', () => {
    const first = open();
    first.approvals.remember(writeTool);
    const again = open(first.dir).approvals;
    expect(again.allowsWithoutAsking('ask', writeTool)).toBe(true);
    expect(again.allowsWithoutAsking('ask', { ...writeTool, serverId: 'other' })).toBe(false);
    expect(again.allowsWithoutAsking('ask', { ...writeTool, tool: 'delete_file' })).toBe(false);
    expect(again.list()).toEqual([{ serverId: 'files', tool: 'write_file', since: 1_000 }]);
  });

  it('is listed once however often it is given, and revoked one by one', () => {
    const { approvals, dir } = open();
    approvals.remember(writeTool);
    approvals.remember(writeTool);
    approvals.remember(readTool);
    expect(approvals.list().map((entry) => entry.tool)).toEqual(['write_file', 'read_file']);
    approvals.revoke(writeTool);
    expect(approvals.allowsWithoutAsking('ask', writeTool)).toBe(false);
    expect(
      open(dir)
        .approvals.list()
        .map((entry) => entry.tool),
    ).toEqual(['read_file']);
  });

  it('reads a damaged file as nothing remembered, says so, and can write again', () => {
    const { dir } = open();
    writeFileSync(path.join(dir, 'tool-approvals.json'), '{"approvals": {"version": 1, "alwaysAll');
    const { approvals, lines } = open(dir);
    expect(approvals.list()).toEqual([]);
    expect(lines).toEqual([expect.stringContaining('every tool will ask again')]);
    approvals.remember(readTool);
    expect(JSON.parse(readFileSync(approvals.path, 'utf8'))).toMatchObject({
      approvals: { version: 1, alwaysAllowed: [{ serverId: 'files', tool: 'read_file' }] },
    });
  });

  it('reads a file from a newer version as nothing remembered', () => {
    const { dir } = open();
    writeFileSync(
      path.join(dir, 'tool-approvals.json'),
      JSON.stringify({
        approvals: { version: 2, alwaysAllowed: [{ serverId: 'files', tool: 'x', since: 1 }] },
      }),
    );
    expect(open(dir).approvals.allowsWithoutAsking('ask', { ...writeTool, tool: 'x' })).toBe(false);
  });
});

describe('the approver', () => {
  const call: ToolCall = { id: 'c1', name: 'files__write_file', arguments: '{"path": "a.txt"}' };
  const signal = new AbortController().signal;
  const announced: ToolApprovalEvent[] = [];
  const announce = (event: ToolApprovalEvent): void => void announced.push(event);

  function approver(answer: ApprovalAnswer, policy: ServerPolicy = 'ask') {
    const { approvals } = open();
    const asked: ToolRef[] = [];
    const approve = createApprover({
      approvals,
      policyOf: () => policy,
      describe: (ref) => ({ server: 'My files', description: `The ${ref.tool} tool.` }),
      resolve: (name) => (name === call.name ? writeTool : null),
      ask: (_call, ref) => {
        asked.push(ref);
        return Promise.resolve(answer);
      },
    });
    return { approve, asked, approvals };
  }

  it('asks the person, announcing the card first, and a denial tells the model so', async () => {
    announced.length = 0;
    const { approve, asked } = approver('deny');
    expect(await approve(call, signal, announce)).toEqual({
      allow: false,
      reason: 'The user denied this call.',
    });
    expect(asked).toEqual([writeTool]);
    expect(announced).toEqual([
      {
        type: 'toolApproval',
        callId: 'c1',
        server: 'My files',
        tool: 'write_file',
        description: 'The write_file tool.',
      },
    ]);
  });

  it('asks once for "always": the next call of that tool runs without asking', async () => {
    const { approve, asked } = approver('always');
    expect(await approve(call, signal, announce)).toEqual({ allow: true });
    expect(await approve({ ...call, id: 'c2' }, signal, announce)).toEqual({ allow: true });
    expect(asked).toHaveLength(1);
  });

  it('asks every time for "once"', async () => {
    const { approve, asked } = approver('once');
    await approve(call, signal, announce);
    await approve({ ...call, id: 'c2' }, signal, announce);
    expect(asked).toHaveLength(2);
  });

  it('does not ask, nor show a card, when the server allows all', async () => {
    announced.length = 0;
    const { approve, asked } = approver('deny', 'all');
    expect(await approve(call, signal, announce)).toEqual({ allow: true });
    expect(asked).toEqual([]);
    expect(announced).toEqual([]);
  });

  it('refuses a tool no server has, without asking', async () => {
    const { approve, asked } = approver('once', 'all');
    expect(await approve({ ...call, name: 'rm_rf' }, signal, announce)).toEqual({
      allow: false,
      reason: 'There is no tool named "rm_rf". The call was not run.',
    });
    expect(asked).toEqual([]);
  });
});
