/**
 * MCP tools in the tool loop: the host's tools as the definitions a request carries, a call run
 * through the host, and what its result tells the model. A chat-completions tool message is text, so
 * an image or a resource in a result reaches the model as a short line saying what it was; the app
 * shows the thing itself under the call (tool-media.ts checks it), and the loop gives the images to a
 * model that reads them in a message of their own.
 */
import type { ToolCall, ToolDefinition } from '../chat/types';
import type { HostTool, ToolResult as HostToolResult } from '../mcp/host-protocol';
import type { ToolRef } from './approvals';
import type { ToolResult } from './tool-loop';
import { imageOf, mediaOf } from './tool-media';

/** What runs a call: the host client's `callTool`, or anything with its shape. */
export type CallTool = (
  name: string,
  args: Record<string, unknown>,
  options: { timeoutMs: number; signal?: AbortSignal },
) => Promise<HostToolResult>;

export function toolDefinitions(tools: readonly HostTool[]): ToolDefinition[] {
  return tools.map((tool) => ({
    type: 'function',
    function: {
      name: tool.namespacedName,
      ...(tool.description ? { description: tool.description } : {}),
      parameters: tool.inputSchema,
    },
  }));
}

/** The tool a call names, for the approver; null when no connected server has it. */
export function toolResolver(tools: readonly HostTool[]): (callName: string) => ToolRef | null {
  const byName = new Map(tools.map((tool) => [tool.namespacedName, tool]));
  return (callName) => {
    const tool = byName.get(callName);
    if (!tool) return null;
    return {
      serverId: tool.serverId,
      tool: tool.name,
      readOnly: tool.annotations?.readOnlyHint === true,
    };
  };
}

/** The tool loop's `run`: arguments parsed (the engine has checked they are JSON), the host called. */
export function mcpRunner(
  callTool: CallTool,
  timeoutMs: number,
  /** Whether the model is given the result's images (in a message after the tool results). */
  imagesToModel = false,
): (call: ToolCall, signal: AbortSignal) => Promise<ToolResult> {
  return async (call, signal) => {
    const parsed: unknown = call.arguments.trim() === '' ? {} : JSON.parse(call.arguments);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      return {
        content: `The arguments for "${call.name}" must be a JSON object. The call was not run.`,
        isError: true,
      };
    }
    const result = await callTool(call.name, parsed as Record<string, unknown>, {
      timeoutMs,
      signal,
    });
    const { media } = mediaOf(result.content);
    return {
      content: resultText(result, imagesToModel),
      isError: result.isError === true,
      ...(media.length > 0 ? { media } : {}),
    };
  };
}

/** A result's content blocks as the text the model reads. */
export function resultText(
  result: Pick<HostToolResult, 'content' | 'structuredContent'>,
  imagesToModel = false,
): string {
  const lines = result.content.map((block) => blockText(block, imagesToModel));
  if (lines.every((line) => line === '') && result.structuredContent) {
    return JSON.stringify(result.structuredContent);
  }
  return lines.filter((line) => line !== '').join('\n\n');
}

function blockText(
  block: { type: string } & Record<string, unknown>,
  imagesToModel: boolean,
): string {
  const text = (key: string): string => (typeof block[key] === 'string' ? block[key] : '');
  switch (block.type) {
    case 'text':
      return text('text');
    case 'image': {
      const image = imageOf(block);
      if (typeof image === 'string') return image;
      return imagesToModel
        ? `[image: ${image.mimeType}, given to you in the message after the tool results]`
        : `[image: ${image.mimeType}, shown to the user, not to you]`;
    }
    case 'audio':
      return `[${block.type}: ${text('mimeType') || 'unknown type'}, shown to the user, not to you]`;
    case 'resource_link':
      return `[resource: ${text('name') || text('uri')} ${text('uri')}]`.replace(/\s+\]$/, ']');
    case 'resource': {
      const resource = block.resource as Record<string, unknown> | undefined;
      if (resource && typeof resource.text === 'string') return resource.text;
      return `[resource: ${typeof resource?.uri === 'string' ? resource.uri : 'binary data'}]`;
    }
    default:
      return `[${block.type} content]`;
  }
}
