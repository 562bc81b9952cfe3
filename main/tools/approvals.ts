/**
 * Who says a tool call may run. Each server has a policy: ask every time (the default), allow the tools
 * the server marks read-only (`annotations.readOnlyHint`), or allow all. Above that, "Always allow this
 * tool" is remembered per server and tool in `tool-approvals.json` (a conf store: electron-store in the
 * app), listed in Settings and revoked one by one. A file that is damaged or from another version reads
 * as empty: the cost of losing it is being asked again, never a call run without asking.
 */
import path from 'node:path';
import { z } from 'zod';
import type { ToolCall } from '../chat/types';
import { readStored } from './stored-file';
import type { ToolApprovalEvent, ToolDecision } from './tool-loop';

export type ServerPolicy = 'ask' | 'read-only' | 'all';

/** The tool a call names, as the host knows it. */
export interface ToolRef {
  serverId: string;
  /** The tool's own name on its server (calls carry a namespaced one). */
  tool: string;
  /** The server says the tool only reads (`annotations.readOnlyHint`); a hint, trusted only by policy. */
  readOnly: boolean;
}

export type ApprovalAnswer = 'once' | 'always' | 'deny';

const FILE_NAME = 'tool-approvals';
const FILE_VERSION = 1;
/** More than any person clicks; a longer list is not ours. */
const MAX_REMEMBERED = 10_000;

const rememberedSchema = z.strictObject({
  serverId: z.string().max(100),
  tool: z.string().max(200),
  /** When it was allowed, in ms since the epoch. */
  since: z.number(),
});
const fileSchema = z.strictObject({
  version: z.literal(FILE_VERSION),
  alwaysAllowed: z.array(rememberedSchema).max(MAX_REMEMBERED),
});

export type Remembered = z.infer<typeof rememberedSchema>;
type ApprovalData = z.infer<typeof fileSchema>;

/** The part of a conf store that writes the file. */
export interface ApprovalStore {
  set(key: 'approvals', value: ApprovalData): void;
}

export interface Approvals {
  /** Whether the policy or a remembered answer lets this tool run without asking. */
  allowsWithoutAsking(policy: ServerPolicy, ref: ToolRef): boolean;
  /** "Always allow this tool". Throws when the file cannot be written; the answer then still holds for this call. */
  remember(ref: Pick<ToolRef, 'serverId' | 'tool'>): void;
  revoke(ref: Pick<ToolRef, 'serverId' | 'tool'>): void;
  /** Oldest first, as Settings lists them. */
  list(): Remembered[];
  readonly path: string;
}

export function createApprovals(options: {
  dir: string;
  openStore: (dir: string, name: string) => ApprovalStore;
  now?: () => number;
  log?: (line: string) => void;
}): Approvals {
  const filePath = path.join(options.dir, `${FILE_NAME}.json`);
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => undefined);
  let opened: ApprovalStore | null = null;
  const store = (): ApprovalStore => (opened ??= options.openStore(options.dir, FILE_NAME));
  let remembered: Remembered[] = readFile(filePath, log);

  const same = (a: Pick<ToolRef, 'serverId' | 'tool'>, b: Pick<ToolRef, 'serverId' | 'tool'>) =>
    a.serverId === b.serverId && a.tool === b.tool;
  const save = (next: Remembered[]): void => {
    store().set('approvals', { version: FILE_VERSION, alwaysAllowed: next });
    remembered = next;
  };

  return {
    path: filePath,
    allowsWithoutAsking(policy, ref) {
      if (policy === 'all') return true;
      if (policy === 'read-only' && ref.readOnly) return true;
      return remembered.some((entry) => same(entry, ref));
    },
    remember(ref) {
      if (remembered.some((entry) => same(entry, ref))) return;
      if (remembered.length >= MAX_REMEMBERED) {
        throw new Error(
          `At most ${MAX_REMEMBERED.toLocaleString('en-US')} tools can be always allowed.`,
        );
      }
      save([...remembered, { serverId: ref.serverId, tool: ref.tool, since: now() }]);
    },
    revoke(ref) {
      save(remembered.filter((entry) => !same(entry, ref)));
    },
    list: () => [...remembered],
  };
}

function readFile(filePath: string, log: (line: string) => void): Remembered[] {
  const stored = readStored(filePath, 'approvals', fileSchema);
  if (stored.state === 'read') return stored.value.alwaysAllowed;
  // No file yet: nothing was ever always allowed.
  if (stored.state === 'damaged') {
    log(`${filePath} could not be read; every tool will ask again before it runs.`);
  }
  return [];
}

/** Nothing remembered and nothing to remember: for a process that runs no MCP host. */
export const noApprovals: Pick<Approvals, 'allowsWithoutAsking' | 'remember'> = {
  allowsWithoutAsking: () => false,
  remember: () => undefined,
};

export interface ApproverDeps {
  approvals: Pick<Approvals, 'allowsWithoutAsking' | 'remember'>;
  policyOf(serverId: string): ServerPolicy;
  /** The tool a (namespaced) call names; null when no connected server has it. */
  resolve(callName: string): ToolRef | null;
  /** Asks the person (the approval card in the app, a prompt in a terminal). */
  ask(call: ToolCall, ref: ToolRef, signal: AbortSignal): Promise<ApprovalAnswer>;
  /** How the card names the server and the tool. */
  describe?(ref: ToolRef): { server: string; description: string | null };
  log?: (line: string) => void;
}

/** The tool loop's `approve`: policy and remembered answers first, then the person. */
export function createApprover(
  deps: ApproverDeps,
): (
  call: ToolCall,
  signal: AbortSignal,
  announce: (event: ToolApprovalEvent) => void,
) => Promise<ToolDecision> {
  return async (call, signal, announce) => {
    const ref = deps.resolve(call.name);
    if (!ref) {
      return {
        allow: false,
        reason: `There is no tool named "${call.name}". The call was not run.`,
      };
    }
    if (deps.approvals.allowsWithoutAsking(deps.policyOf(ref.serverId), ref))
      return { allow: true };
    const described = deps.describe?.(ref) ?? { server: ref.serverId, description: null };
    announce({ type: 'toolApproval', callId: call.id, tool: ref.tool, ...described });
    const answer = await deps.ask(call, ref, signal);
    if (answer === 'deny') return { allow: false, reason: 'The user denied this call.' };
    if (answer === 'always') {
      try {
        deps.approvals.remember(ref);
      } catch (failure) {
        // The person allowed it: this call runs; only the remembering failed, and is said.
        deps.log?.(`Could not remember "always allow": ${(failure as Error).message}`);
      }
    }
    return { allow: true };
  };
}
