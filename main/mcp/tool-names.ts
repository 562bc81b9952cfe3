/**
 * The names the model sees for MCP tools. Two servers may both offer `search`, and a server may name a
 * tool with spaces, dots or non-Latin letters, while the chat-completions API takes only
 * `^[a-zA-Z0-9_-]{1,64}$`. So every tool is offered as `<server id>__<tool>`, cleaned and cut to fit;
 * a name that had to change carries a short hash of the original, so the result is deterministic (the
 * same server and tool give the same name after a restart, which "always allow" relies on) and distinct.
 * The way back is the map `namespaceTools` returns, never parsing the name.
 */
import { createHash } from 'node:crypto';

export const MAX_TOOL_NAME = 64;
const SEPARATOR = '__';
/** Room for the tool's own name even when the server id is long. */
const MAX_PREFIX = 20;
const HASH_LENGTH = 8;

/** Each run of characters the API refuses becomes one `_`. */
function clean(text: string): string {
  return text.replace(/[^a-zA-Z0-9_-]+/g, '_');
}

function shortHash(serverId: string, toolName: string, length: number): string {
  return createHash('sha256').update(`${serverId}\u0000${toolName}`).digest('hex').slice(0, length);
}

/** The name the model sees for one server's tool. */
export function namespacedToolName(serverId: string, toolName: string): string {
  return nameWith(serverId, toolName, null);
}

/** `hashLength` null: the plain name where it fits as it is; a number: always hashed, that long. */
function nameWith(serverId: string, toolName: string, hashLength: number | null): string {
  const prefix = clean(serverId).slice(0, MAX_PREFIX) || 'server';
  const cleaned = clean(toolName);
  const plain = `${prefix}${SEPARATOR}${cleaned}`;
  if (hashLength === null) {
    if (cleaned === toolName && toolName.length > 0 && plain.length <= MAX_TOOL_NAME) return plain;
    hashLength = HASH_LENGTH;
  }
  const room = MAX_TOOL_NAME - prefix.length - SEPARATOR.length - 1 - hashLength;
  const stem = cleaned.slice(0, Math.max(0, room)).replace(/_+$/, '');
  return `${prefix}${SEPARATOR}${stem ? `${stem}_` : ''}${shortHash(serverId, toolName, hashLength)}`;
}

export interface ToolOrigin {
  serverId: string;
  toolName: string;
}

export interface ToolNamespace<Tool> {
  /** In the order given: servers first to last, each server's tools as it listed them. */
  tools: (Tool & { namespacedName: string; origin: ToolOrigin })[];
  /** namespaced name → where the call goes. */
  origins: ReadonlyMap<string, ToolOrigin>;
}

/**
 * Names every tool of every server. A clash left after hashing (two different originals, one name) is
 * resolved by hashing the later one (longer each time); with 8 hex digits a clash of hashes takes
 * billions of tools, but two long server ids sharing their first 20 characters clash plainly.
 */
export function namespaceTools<Tool extends { name: string }>(
  servers: readonly { serverId: string; tools: readonly Tool[] }[],
): ToolNamespace<Tool> {
  const origins = new Map<string, ToolOrigin>();
  const tools: ToolNamespace<Tool>['tools'] = [];
  for (const { serverId, tools: serverTools } of servers) {
    for (const tool of serverTools) {
      const origin = { serverId, toolName: tool.name };
      let name = namespacedToolName(serverId, tool.name);
      const taken = origins.get(name);
      // A server listing the same tool twice: the first one wins, as the SDK's own lookups do.
      if (taken && taken.serverId === serverId && taken.toolName === tool.name) continue;
      for (let length = HASH_LENGTH; origins.has(name) && length <= 40; length += 4) {
        name = nameWith(serverId, tool.name, length);
      }
      if (origins.has(name)) continue; // Forty hex digits of hash alike: not a real case.
      origins.set(name, origin);
      tools.push({ ...tool, namespacedName: name, origin });
    }
  }
  return { tools, origins };
}
