/**
 * A message with attachments as the provider takes it: text files and PDF text inlined into the text,
 * images as `image_url` parts with data URLs. Built in main (and the CLI), from the bytes the renderer
 * handed over, so no base64 ever crosses IPC and the renderer never shapes the wire.
 */
import type { ChatMessage, ChatRole, ContentPart, ImageDetail } from './types';

/** What main receives per attachment: an image's encoded bytes, or the text a file became. */
export type OutgoingAttachment =
  | { kind: 'image'; name: string; mime: string; bytes: ArrayBuffer | Uint8Array }
  | { kind: 'text'; name: string; text: string };

export interface ContentOptions {
  /** Sent as `image_url.detail` when set; see imageDetailFor. */
  imageDetail?: ImageDetail | undefined;
}

const bytesOf = (bytes: ArrayBuffer | Uint8Array): Buffer =>
  bytes instanceof Uint8Array
    ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    : Buffer.from(bytes);

export const dataUrlOf = (mime: string, bytes: ArrayBuffer | Uint8Array): string =>
  `data:${mime};base64,${bytesOf(bytes).toString('base64')}`;

/**
 * The content of one message. Without images it stays a plain string (the typed text, then each
 * file's fenced block, a blank line apart), which every server takes, text-only models included.
 * With images it becomes parts: one text part (left out when there is no text, since some servers
 * refuse an empty one), then the images in the order they were attached.
 */
export function messageContent(
  text: string,
  attachments: readonly OutgoingAttachment[],
  options: ContentOptions = {},
): string | ContentPart[] {
  const blocks = attachments.flatMap((a) => (a.kind === 'text' ? [a.text] : []));
  const joined = [text, ...blocks].filter((part) => part.trim() !== '').join('\n\n');
  const images = attachments.flatMap((a) => (a.kind === 'image' ? [a] : []));
  if (images.length === 0) return joined;
  const parts: ContentPart[] = joined === '' ? [] : [{ type: 'text', text: joined }];
  for (const image of images) {
    parts.push({
      type: 'image_url',
      image_url: {
        url: dataUrlOf(image.mime, image.bytes),
        ...(options.imageDetail ? { detail: options.imageDetail } : {}),
      },
    });
  }
  return parts;
}

/** A message as it crosses IPC or leaves the CLI: text plus the attachments sent with it. */
export interface MessageWithAttachments {
  role: ChatRole;
  content: string;
  attachments?: readonly OutgoingAttachment[] | undefined;
}

export function withContentParts(
  messages: readonly MessageWithAttachments[],
  options: ContentOptions = {},
): ChatMessage[] {
  return messages.map(({ role, content, attachments }) =>
    attachments && attachments.length > 0
      ? { role, content: messageContent(content, attachments, options) }
      : { role, content },
  );
}

/** Does any message carry an image part? (An image rejection is only possible then.) */
export const hasImageParts = (messages: readonly ChatMessage[]): boolean =>
  messages.some(
    (m) => Array.isArray(m.content) && m.content.some((part) => part.type === 'image_url'),
  );

/**
 * `detail` is OpenAI's field: OpenAI and Azure OpenAI read it, and OpenRouter passes it on to them.
 * We send `high` there, because images are already resized to the high-detail grid (long side 2048,
 * short side 768): asking for less would pay for pixels the model never looks at, and pasted
 * screenshots with small text need them. Everyone else (Groq, DeepSeek, Ollama, LM Studio,
 * llama.cpp, vLLM) documents `image_url` with `url` alone, and strict servers refuse a field they do
 * not know, so there it is left out.
 */
export function imageDetailFor(baseURL: string): ImageDetail | undefined {
  let host: string;
  try {
    host = new URL(baseURL).hostname.toLowerCase();
  } catch {
    return undefined;
  }
  const takesDetail =
    host === 'api.openai.com' ||
    host.endsWith('.openai.azure.com') ||
    host === 'openrouter.ai' ||
    host.endsWith('.openrouter.ai');
  return takesDetail ? 'high' : undefined;
}
