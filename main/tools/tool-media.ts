/**
 * What of a tool result is shown as more than text: images (MCP `image` content) as thumbnails, and
 * resource links and embedded resources as links. A result is untrusted (any server, any bytes), so an
 * image is kept only when its declared type is one a browser shows safely as a picture (no SVG: it can
 * carry script), its data is base64 of at most MAX_TOOL_IMAGE_BYTES, and its first bytes are really that
 * format; anything else becomes a line saying why it is not shown. Whether a link may be opened is the
 * window's decision (only http and https, through the safe external-open path); here it is only bounded.
 */

export const TOOL_IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;
export type ToolImageType = (typeof TOOL_IMAGE_TYPES)[number];

/** One image, decoded; the host already refuses a whole result over 1 MB of JSON. */
export const MAX_TOOL_IMAGE_BYTES = 1024 * 1024;
/** Images and links kept from one result; more are named in a line, not shown. */
export const MAX_TOOL_MEDIA = 8;
export const MAX_LINK_URI_CHARS = 2048;
export const MAX_LINK_NAME_CHARS = 300;

export interface ToolImage {
  kind: 'image';
  mimeType: ToolImageType;
  /** Base64, checked: its first bytes are the declared format. */
  data: string;
}
export interface ToolLink {
  kind: 'link';
  uri: string;
  name: string;
}
export type ToolMedia = ToolImage | ToolLink;

export interface MediaOfResult {
  media: ToolMedia[];
  /** Why an image or a link of the result is not shown, one line each (the model is told too). */
  refused: string[];
}

type Block = { type: string } & Record<string, unknown>;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The first bytes each format starts with: a declared type the data does not match is refused. */
function matchesType(bytes: Uint8Array, type: ToolImageType): boolean {
  const starts = (...expected: number[]): boolean =>
    expected.every((byte, index) => bytes[index] === byte);
  switch (type) {
    case 'image/png':
      return starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
    case 'image/jpeg':
      return starts(0xff, 0xd8, 0xff);
    case 'image/gif':
      return starts(0x47, 0x49, 0x46, 0x38);
    case 'image/webp':
      return (
        starts(0x52, 0x49, 0x46, 0x46) &&
        bytes[8] === 0x57 &&
        bytes[9] === 0x45 &&
        bytes[10] === 0x42 &&
        bytes[11] === 0x50
      );
  }
}

const isImageType = (value: string): value is ToolImageType =>
  (TOOL_IMAGE_TYPES as readonly string[]).includes(value);

const shown = (text: string, max = 80): string =>
  text.length > max ? `${text.slice(0, max)}…` : text;

/** The image of one `image` block, or why it is not shown. */
export function imageOf(block: Block): ToolImage | string {
  const declared = typeof block.mimeType === 'string' ? block.mimeType.toLowerCase().trim() : '';
  if (!isImageType(declared)) {
    return `[image not shown: its type “${shown(declared) || 'none'}” is not PNG, JPEG, GIF or WebP]`;
  }
  const data = typeof block.data === 'string' ? block.data.replace(/\s+/g, '') : '';
  if (data === '' || data.length % 4 !== 0 || !BASE64.test(data)) {
    return `[image not shown: its data is not base64]`;
  }
  const size = (data.length / 4) * 3 - (data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0);
  if (size > MAX_TOOL_IMAGE_BYTES) {
    return `[image not shown: ${Math.ceil(size / 1024)} KB, more than the ${MAX_TOOL_IMAGE_BYTES / 1024} KB Runnel shows]`;
  }
  const head = Buffer.from(data.slice(0, 16), 'base64');
  if (!matchesType(head, declared)) {
    return `[image not shown: it says ${declared} but its data is not]`;
  }
  return { kind: 'image', mimeType: declared, data };
}

/** The link of a `resource_link` or embedded `resource` block, or why it is not shown. */
export function linkOf(block: Block): ToolLink | string {
  const resource =
    block.type === 'resource' && typeof block.resource === 'object' && block.resource !== null
      ? (block.resource as Record<string, unknown>)
      : block;
  const uri = typeof resource.uri === 'string' ? resource.uri.trim() : '';
  if (uri === '') return '[resource without an address]';
  if (uri.length > MAX_LINK_URI_CHARS) {
    return `[resource not shown: its address is longer than ${MAX_LINK_URI_CHARS} characters]`;
  }
  // Control characters (a newline, a bidi override) in an address only serve to mislead.
  // eslint-disable-next-line no-control-regex -- exactly the characters being refused
  if (/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(uri)) {
    return '[resource not shown: its address holds control characters]';
  }
  const named =
    [block.title, block.name, resource.title, resource.name].find(
      (value): value is string => typeof value === 'string' && value.trim() !== '',
    ) ?? uri;
  return { kind: 'link', uri, name: shown(named.replace(/\s+/g, ' ').trim(), MAX_LINK_NAME_CHARS) };
}

/** The images and links of a result's content blocks, bounded, with a line for each one refused. */
export function mediaOf(content: readonly Block[]): MediaOfResult {
  const media: ToolMedia[] = [];
  const refused: string[] = [];
  let over = 0;
  for (const block of content) {
    const one =
      block.type === 'image'
        ? imageOf(block)
        : block.type === 'resource_link' || block.type === 'resource'
          ? linkOf(block)
          : null;
    if (one === null) continue;
    if (typeof one === 'string') refused.push(one);
    else if (media.length >= MAX_TOOL_MEDIA) over += 1;
    else media.push(one);
  }
  if (over > 0)
    refused.push(`[${over} more images or links not shown: at most ${MAX_TOOL_MEDIA} a result]`);
  return { media, refused };
}
