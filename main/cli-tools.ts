/**
 * `runnel ask --tools FILE [--tool-choice CHOICE]`: the tool definitions to offer the model, read from a
 * file and checked before anything is sent, so a typo is named here rather than answered by a server's
 * 400. Nothing is ever run: the calls the model asks for are only printed.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { UsageError, type AskOptions } from './cli-options';
import type { ToolChoice, ToolDefinition } from './chat/types';

/** Far more than any list of tools; a larger file is not one. */
export const MAX_TOOLS_FILE_BYTES = 4 * 1024 * 1024;

/** What OpenAI's API accepts as a function name; gateways and local servers are no looser. */
const NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/** Other fields a provider understands (`cache_control`, …) are kept and sent as they are. */
const toolDefinitionSchema = z.looseObject({
  type: z.literal('function', { error: 'type must be "function"' }),
  function: z.looseObject(
    {
      name: z
        .string({ error: 'function.name is missing' })
        .regex(NAME, 'function.name may use only letters, digits, _ and -, at most 64 characters'),
      description: z.string({ error: 'function.description must be text' }).optional(),
      parameters: z
        .record(z.string(), z.unknown(), {
          error: 'function.parameters must be a JSON Schema object',
        })
        .optional(),
      strict: z.boolean({ error: 'function.strict must be true or false' }).optional(),
    },
    { error: 'function is missing: each tool is {"type": "function", "function": {"name": …}}' },
  ),
});

const EXAMPLE =
  '[{"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object"}}}]';

export async function readToolsFile(file: string): Promise<ToolDefinition[]> {
  const shown = path.basename(file);
  let text: string;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new UsageError(`--tools: ${file} is not a file.`);
    if (info.size > MAX_TOOLS_FILE_BYTES) {
      throw new UsageError(
        `--tools: ${shown} is larger than ${MAX_TOOLS_FILE_BYTES / 1024 / 1024} MB; a list of tools is far smaller. Check the file name.`,
      );
    }
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as { code?: unknown }).code;
    throw new UsageError(
      code === 'ENOENT'
        ? `--tools: ${file} does not exist. Give the path of a JSON file with the tool definitions.`
        : `--tools: ${file} cannot be read (${code === 'EACCES' ? 'permission denied' : String(code ?? error)}).`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UsageError(`--tools: ${shown} is not valid JSON (${reason}).`);
  }
  if (!Array.isArray(json)) {
    throw new UsageError(
      `--tools: ${shown} must hold a JSON array of tool definitions, such as ${EXAMPLE}.`,
    );
  }
  if (json.length === 0) {
    throw new UsageError(
      `--tools: ${shown} holds no tools; leave out --tools to ask without them.`,
    );
  }
  const tools: ToolDefinition[] = [];
  const seen = new Set<string>();
  for (const [index, entry] of (json as unknown[]).entries()) {
    const result = toolDefinitionSchema.safeParse(entry);
    const name = nameOf(entry);
    const which = `tool ${index + 1}${name ? ` ("${name}")` : ''}`;
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new UsageError(`--tools: ${shown}, ${which}: ${issue?.message ?? 'not a tool'}.`);
    }
    const tool = result.data as ToolDefinition;
    if (seen.has(tool.function.name)) {
      throw new UsageError(
        `--tools: ${shown} names "${tool.function.name}" twice; each tool needs its own name.`,
      );
    }
    seen.add(tool.function.name);
    tools.push(tool);
  }
  return tools;
}

/** `auto`, `none`, `required`, or the name of one of the tools (which forces that tool). */
export function toolChoiceFrom(raw: string, tools: readonly ToolDefinition[]): ToolChoice {
  if (raw === 'auto' || raw === 'none' || raw === 'required') return raw;
  const names = tools.map((tool) => tool.function.name);
  if (!names.includes(raw)) {
    throw new UsageError(
      `--tool-choice "${raw}" is not auto, none, required or the name of a tool given with --tools (${names.join(', ')}).`,
    );
  }
  return { type: 'function', function: { name: raw } };
}

function nameOf(entry: unknown): string {
  if (typeof entry !== 'object' || entry === null) return '';
  const fn = (entry as { function?: unknown }).function;
  if (typeof fn !== 'object' || fn === null) return '';
  const name = (fn as { name?: unknown }).name;
  return typeof name === 'string' ? name.slice(0, 64) : '';
}

/** What `runnel ask` adds to its request: nothing without `--tools`. */
export interface AskTools {
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
}

export async function askTools(
  options: Pick<AskOptions, 'toolsFile' | 'toolChoice'>,
): Promise<AskTools> {
  if (options.toolsFile === undefined) return {};
  const tools = await readToolsFile(options.toolsFile);
  if (options.toolChoice === undefined) return { tools };
  return { tools, toolChoice: toolChoiceFrom(options.toolChoice, tools) };
}
