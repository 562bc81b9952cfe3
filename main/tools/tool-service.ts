/**
 * Tools for the app's answers: when MCP servers are connected, an answer is asked with their tools and
 * runs through the tool loop, each call put to the person unless a policy or an "always allow" lets it
 * run; with none, an answer is the engine's plain stream. Electron-free: the host client, the approval
 * file and the engine are parameters, so the whole path runs in plain Node tests.
 */
import type { ChatEngine, StreamOptions } from '../chat/engine';
import type { ChatRequest } from '../chat/types';
import type { McpHostClient } from '../mcp/host-client';
import type { HostTool } from '../mcp/host-protocol';
import {
  createApprover,
  type ApprovalAnswer,
  type Approvals,
  type ServerPolicy,
} from './approvals';
import { mcpRunner, toolDefinitions, toolResolver } from './mcp-tools';
import {
  DEFAULT_CALL_TIMEOUT_MS,
  DEFAULT_MAX_STEPS,
  runToolLoop,
  type ToolLoopEvent,
} from './tool-loop';

export interface ToolServiceDeps {
  /** null: no MCP host runs, and every answer is the engine's plain stream. */
  host: Pick<McpHostClient, 'listTools' | 'callTool' | 'onEvent'> | null;
  approvals: Pick<Approvals, 'allowsWithoutAsking' | 'remember'>;
  policyOf(serverId: string): ServerPolicy;
  maxSteps?: number;
  callTimeoutMs?: number;
  /**
   * The person's limits, read at the start of each answer so a change in settings applies to the next
   * one; a value it leaves out falls back to `maxSteps`/`callTimeoutMs`, then the loop's defaults.
   */
  limits?: () => ToolLimits;
  log?: (line: string) => void;
}

export interface ToolLimits {
  maxSteps?: number;
  callTimeoutMs?: number;
}

/** Settings' preferences (seconds, optional) as the loop's limits. */
export const toolLimitsOf = (preferences: {
  toolCallTimeoutSec?: number;
  toolMaxSteps?: number;
}): ToolLimits => ({
  ...(preferences.toolMaxSteps === undefined ? {} : { maxSteps: preferences.toolMaxSteps }),
  ...(preferences.toolCallTimeoutSec === undefined
    ? {}
    : { callTimeoutMs: preferences.toolCallTimeoutSec * 1000 }),
});

export interface AnswerOptions extends StreamOptions {
  /** The registry's id for this answer: the window names it when it answers an approval card. */
  streamId: string;
  /** Offer the connected servers' tools; without it the answer is the plain stream. */
  tools?: boolean;
  /** The model reads images: tool results' images are given to it, not only shown. */
  toolImages?: boolean;
}

/** How main asks for one answer: the engine's stream, or the tool loop around it. */
export type Answer = (request: ChatRequest, options: AnswerOptions) => AsyncIterable<ToolLoopEvent>;

/** An answer without tools: the engine's stream as it is. */
export const plainAnswer =
  (engine: Pick<ChatEngine, 'stream'>): Answer =>
  (request, { streamId: _streamId, tools: _tools, toolImages: _toolImages, ...options }) =>
    engine.stream(request, options);

export interface ToolService {
  answer(engine: Pick<ChatEngine, 'stream'>): Answer;
  /** The person answered a card; false when no call of that answer is waiting (already answered, or stopped). */
  decide(streamId: string, callId: string, answer: ApprovalAnswer): boolean;
  /** The tools of every connected server, as last listed. */
  tools(): Promise<HostTool[]>;
}

export function createToolService(deps: ToolServiceDeps): ToolService {
  const log = deps.log ?? (() => undefined);
  const host = deps.host;
  let listed: Promise<HostTool[]> | null = null;
  // A server connecting, failing or changing its tools makes the next answer list them again.
  host?.onEvent((event) => {
    if (event.type !== 'serverStatusChanged' || event.status.state !== 'starting') listed = null;
  });
  const tools = (): Promise<HostTool[]> =>
    host
      ? (listed ??= host.listTools().catch((failure: unknown) => {
          listed = null;
          log(`MCP tools could not be listed: ${(failure as Error).message}`);
          return [];
        }))
      : Promise.resolve([]);

  const waiting = new Map<string, (answer: ApprovalAnswer) => void>();
  const key = (streamId: string, callId: string): string => `${streamId}\n${callId}`;

  return {
    tools,
    decide(streamId, callId, answer) {
      const settle = waiting.get(key(streamId, callId));
      if (!settle) return false;
      settle(answer);
      return true;
    },
    answer: (engine) =>
      async function* answer(request, options) {
        const { streamId, tools: wanted, toolImages, ...streamOptions } = options;
        const available = wanted ? await tools() : [];
        if (!host || available.length === 0) {
          yield* engine.stream(request, streamOptions);
          return;
        }
        const limits = deps.limits?.() ?? {};
        const callTimeoutMs = limits.callTimeoutMs ?? deps.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
        const approve = createApprover({
          approvals: deps.approvals,
          policyOf: deps.policyOf,
          resolve: toolResolver(available),
          describe: (ref) => {
            const tool = available.find((t) => t.serverId === ref.serverId && t.name === ref.tool);
            return {
              server: tool?.serverName ?? ref.serverId,
              description: tool?.description ?? null,
            };
          },
          ask: (call, _ref, signal) =>
            new Promise<ApprovalAnswer>((resolve, reject) => {
              const id = key(streamId, call.id);
              const onAbort = (): void => {
                waiting.delete(id);
                reject(signal.reason);
              };
              waiting.set(id, (decision) => {
                waiting.delete(id);
                signal.removeEventListener('abort', onAbort);
                resolve(decision);
              });
              signal.addEventListener('abort', onAbort, { once: true });
            }),
          log,
        });
        yield* runToolLoop(
          { ...request, tools: toolDefinitions(available) },
          {
            engine,
            approve,
            run: mcpRunner(
              (name, args, o) => host.callTool(name, args, o),
              callTimeoutMs,
              toolImages === true,
            ),
          },
          {
            ...streamOptions,
            maxSteps: limits.maxSteps ?? deps.maxSteps ?? DEFAULT_MAX_STEPS,
            callTimeoutMs,
            imagesToModel: toolImages === true,
          },
        );
      },
  };
}
