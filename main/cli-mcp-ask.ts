/**
 * `runnel ask --mcp FILE [--approve ask|read-only|all]`: the servers of a Claude Desktop or Cursor
 * config started in Runnel's MCP host (as `runnel mcp list` does), their tools offered to the model, and
 * the calls it asks for run through the same tool loop as the app, each approved first:
 *
 * - `ask` (the default): each call is put to the person on the terminal (stderr, one answer line from
 *   stdin): once, always (for the rest of this run), or no. Without a terminal to ask on, refused
 *   before anything starts: a script must decide in advance.
 * - `read-only`: the tools their server marks read-only run; the others are refused, and the model is
 *   told why.
 * - `all`: every call runs.
 */
import { createInterface } from 'node:readline';
import { UsageError, type ApproveMode } from './cli-options';
import { defaultStarter, readMcpConfig, startServers } from './cli-mcp';
import type { ToolCall } from './chat/types';
import { createMcpHostClient, type McpHostClient } from './mcp/host-client';
import type { HostTool } from './mcp/host-protocol';
import type { StartHost } from './mcp/host-process';
import { toolResolver } from './tools/mcp-tools';
import type { ToolApprovalEvent, ToolDecision } from './tools/tool-loop';

/** How long the servers may take to start before the question is asked without the slow ones. */
export const SERVER_START_TIMEOUT_MS = 30_000;

/** Asking needs a person at a terminal: said before any server starts or any request is sent. */
export function checkCanAsk(mode: ApproveMode, stdinIsTerminal: boolean): void {
  if (mode !== 'ask' || stdinIsTerminal) return;
  throw new UsageError(
    '--approve ask (the default with --mcp) asks you before each tool call, but there is no terminal to ask on (stdin is not one). Decide in advance with --approve read-only (only tools their server marks read-only run) or --approve all.',
  );
}

export interface McpForAsk {
  tools: HostTool[];
  callTool: McpHostClient['callTool'];
  stop(): Promise<void>;
}

/**
 * Starts the config's servers and waits for them; a server that fails is named on stderr and the
 * question is asked with the tools of the others. Throws a UsageError when the file cannot be used or
 * no server connected.
 */
export async function startMcpForAsk(
  file: string,
  deps: { writeError: (text: string) => void; startHost?: StartHost; timeoutMs?: number },
): Promise<McpForAsk> {
  const read = await readMcpConfig(file);
  if (!read.ok) throw new UsageError(read.message.replace(/^runnel: /, '--mcp: '));
  for (const { name, reason } of read.imported.skipped)
    deps.writeError(`runnel: --mcp: skipped "${name}": ${reason}\n`);
  const client = createMcpHostClient({
    startHost: deps.startHost ?? defaultStarter(deps.writeError),
    restartDelaysMs: [],
  });
  let tools: HostTool[];
  try {
    tools = await startServers(
      client,
      read.imported.servers,
      deps.timeoutMs ?? SERVER_START_TIMEOUT_MS,
    );
  } catch (error) {
    await client.stop();
    throw new UsageError(
      `--mcp: the MCP host failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const statuses = client.serverStatuses();
  for (const server of read.imported.servers.filter((one) => one.enabled)) {
    const status = statuses.get(server.id);
    if (status?.state === 'failed')
      deps.writeError(`runnel: --mcp: ${status.error.message} Asking without its tools.\n`);
    else if (status?.state !== 'connected')
      deps.writeError(
        `runnel: --mcp: “${server.name}” did not finish starting in time; asking without its tools.\n`,
      );
  }
  if (tools.length === 0) {
    await client.stop();
    throw new UsageError(
      `--mcp: no server in ${file} offers a tool (see above). Check it with: runnel mcp list ${file}`,
    );
  }
  return {
    tools,
    callTool: (name, args, options) => client.callTool(name, args, options),
    stop: () => client.stop(),
  };
}

export type AskAnswer = 'once' | 'always' | 'deny';

/** Reads the person's answer to a call from the terminal: y (once), a (always this run), else no. */
export function terminalAsker(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
): (question: string, signal: AbortSignal) => Promise<AskAnswer> {
  // One question at a time: calls the model asked for side by side are asked in turn.
  let queue: Promise<unknown> = Promise.resolve();
  const askOne = (question: string, signal: AbortSignal): Promise<AskAnswer> =>
    new Promise((resolve, reject) => {
      if (signal.aborted) {
        reject(signal.reason);
        return;
      }
      const lines = createInterface({ input, output, terminal: false });
      const onAbort = (): void => {
        lines.close();
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      output.write(question);
      const onClose = (): void => {
        signal.removeEventListener('abort', onAbort);
        resolve('deny'); // The input ended: nobody said yes.
      };
      lines.once('line', (line) => {
        signal.removeEventListener('abort', onAbort);
        // Closing emits 'close' at once: it must not answer for the line just read.
        lines.off('close', onClose);
        lines.close();
        const answer = line.trim().toLowerCase();
        resolve(
          answer === 'y' || answer === 'yes'
            ? 'once'
            : answer === 'a' || answer === 'always'
              ? 'always'
              : 'deny',
        );
      });
      lines.once('close', onClose);
    });
  return (question, signal) => {
    const next = queue.then(() => askOne(question, signal));
    queue = next.catch(() => undefined);
    return next;
  };
}

/** The question for one call: which server and tool, what it does, the arguments as sent. */
export function questionFor(call: ToolCall, tool: HostTool): string {
  const about = tool.description ? `: ${tool.description.split('\n')[0]?.slice(0, 160)}` : '';
  return `\nrunnel: “${tool.serverName}” wants to run ${tool.name}${about}\n  arguments: ${call.arguments.trim() || '{}'}\nAllow? [y] once, [a] always in this run, [N] no: `;
}

/** The tool loop's `approve` for the terminal, by mode. */
export function cliApprover(
  mode: ApproveMode,
  tools: readonly HostTool[],
  ask: (question: string, signal: AbortSignal) => Promise<AskAnswer>,
): (
  call: ToolCall,
  signal: AbortSignal,
  announce: (event: ToolApprovalEvent) => void,
) => Promise<ToolDecision> {
  const resolve = toolResolver(tools);
  const alwaysThisRun = new Set<string>();
  return async (call, signal) => {
    const ref = resolve(call.name);
    const tool = tools.find((one) => one.namespacedName === call.name);
    if (!ref || !tool) {
      return {
        allow: false,
        reason: `There is no tool named "${call.name}". The call was not run.`,
      };
    }
    if (mode === 'all' || alwaysThisRun.has(call.name)) return { allow: true };
    if (mode === 'read-only') {
      return ref.readOnly
        ? { allow: true }
        : {
            allow: false,
            reason: `The call was not run: the user allowed only tools their server marks read-only, and "${tool.name}" is not marked so.`,
          };
    }
    const answer = await ask(questionFor(call, tool), signal);
    if (answer === 'deny') return { allow: false, reason: 'The user denied this call.' };
    if (answer === 'always') alwaysThisRun.add(call.name);
    return { allow: true };
  };
}
