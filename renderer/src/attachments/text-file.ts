/**
 * A text or code file, inlined into the message: decoded (UTF-8, or UTF-16 with its byte-order mark),
 * checked for being text at all, and wrapped in a fence headed by the file name. Pure: runs in the
 * attachment worker and in Node tests alike.
 */
import {
  refused,
  type AttachmentLimits,
  type RefusedAttachment,
  type TextAttachment,
} from './attachment-result';
import { formatByteSize } from './byte-size';
import { languageOfFile } from './file-language';

type Encoding = TextAttachment['encoding'];

function bomOf(bytes: Uint8Array): { encoding: Encoding; skip: number } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return { encoding: 'utf-8', skip: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', skip: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', skip: 2 };
  return { encoding: 'utf-8', skip: 0 };
}

/**
 * Control characters that no text file carries (NUL, and C0 codes other than tab, line breaks, form
 * feed and escape, which terminal logs keep). One of them means binary data, not text.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const binaryControl = /[\u0000-\u0008\u000e-\u001a\u001c-\u001f]/;

/** A fence of backticks longer than any run of backticks in the text, so no line of it closes the fence. */
/** What to do about a text file over the limit: the limit is a setting (Settings → Attachments). */
export const TEXT_LIMIT_HINT =
  'Attach a smaller part of it, or raise the limit in Settings → Attachments.';

export function fenceFor(text: string): string {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return '`'.repeat(Math.max(3, longest + 1));
}

/** A file name as one line of plain text: no line breaks or control characters can restructure the message. */
export function displayName(name: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is replaced
  const flat = name.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();
  return flat === '' ? 'unnamed file' : flat;
}

/** The message text for a file's content: its name, then the content in a fence of its language. */
export function fencedFile(name: string, content: string, language: string): string {
  const fence = fenceFor(content);
  const body = content.endsWith('\n') ? content : `${content}\n`;
  return `${displayName(name)}\n${fence}${language}\n${body}${fence}`;
}

export function readTextFile(
  name: string,
  bytes: Uint8Array,
  limits: Pick<AttachmentLimits, 'maxTextBytes'>,
  /** The format sniffed from the bytes, when they looked like a known binary (named in the refusal). */
  binaryFormat?: string,
): TextAttachment | RefusedAttachment {
  const shown = displayName(name);
  if (bytes.length === 0) {
    return refused(name, 'empty-file', `${shown} is empty: there is nothing to attach.`);
  }
  if (bytes.length > limits.maxTextBytes) {
    return refused(
      name,
      'text-too-large',
      `${shown} is ${formatByteSize(bytes.length)}; a text file can be at most ` +
        `${formatByteSize(limits.maxTextBytes)}. ${TEXT_LIMIT_HINT}`,
    );
  }
  const notText = (): RefusedAttachment =>
    binaryFormat
      ? refused(
          name,
          'binary-file',
          `${shown} is a ${binaryFormat}, not text, so it cannot be attached. ` +
            'Attach images, PDFs or text and code files.',
        )
      : refused(
          name,
          'binary-file',
          `${shown} is a binary file, not text, so it cannot be attached. ` +
            'Attach images, PDFs or text and code files.',
        );
  const { encoding, skip } = bomOf(bytes);
  let content: string;
  try {
    content = new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(
      bytes.subarray(skip),
    );
  } catch {
    if (binaryFormat || bytes.subarray(0, 8192).includes(0)) return notText();
    return refused(
      name,
      'not-text-encoding',
      `${shown} is not UTF-8 or UTF-16 text (it may use an older encoding such as Windows-1252). ` +
        'Save it as UTF-8 and attach it again.',
    );
  }
  if (binaryControl.test(content)) return notText();
  const language = languageOfFile(name);
  return {
    kind: 'text',
    name,
    text: fencedFile(name, content, language),
    content,
    language,
    encoding,
    size: bytes.length,
  };
}
