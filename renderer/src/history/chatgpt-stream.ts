/**
 * Reads one conversations file of ChatGPT's export as a stream of bytes and hands over one conversation
 * at a time, so a 500 MB `conversations.json` is never one string nor one `JSON.parse`. The JSON is
 * tokenized and assembled by `@streamparser/json`, which holds only the conversation being read.
 *
 * A conversation whose JSON is broken (a stray byte, a cut string, a missing brace) does not stop the
 * file: it is reported as damaged, with the title and id read before the damage, and reading starts
 * again at the next conversation (the next `, {"title": …` of the list). Damage that no
 * conversation follows is a truncated file, refused as the whole-file parse refused it.
 */
import {
  Tokenizer,
  TokenizerError,
  TokenParser,
  TokenParserError,
  TokenType,
} from '@streamparser/json';
import type { ParsedElementInfo, ParsedTokenInfo } from '@streamparser/json';

/** One top-level entry of the list (or the one conversation a file holds), or why it could not be read. */
export type StreamedEntry =
  | { kind: 'entry'; index: number; value: unknown }
  | { kind: 'damaged'; index: number; title: string | null; id: string | null; detail: string };

/** What the file holds at its top, told when it ends, for the refusals of files that are no export. */
export type StreamedTop =
  | { kind: 'list'; entries: number }
  /** An object that is not one conversation: its keys (and `conversations` were handed over as entries). */
  | { kind: 'object'; value: Record<string, unknown> }
  | { kind: 'value'; value: unknown };

/** The file's first characters are not JSON; `start` is them, for import-sniff.ts to name. */
export class NotJson extends Error {
  constructor(readonly start: string) {
    super('not JSON');
  }
}

/** The file ends inside a conversation (or is otherwise broken where nothing follows to resync on). */
export class Truncated extends Error {}

export interface ConversationStream {
  /** Feeds the next bytes; entries completed by them are handed over before it returns. */
  write(bytes: Uint8Array): void;
  /** The file ended: what its top held. Throws NotJson or Truncated. */
  end(): StreamedTop;
}

/** Where a conversation starts in the list: the keys ChatGPT (and the tools that rewrite it) put first. */
const nextConversation =
  /,\s*(\{\s*"(?:title|create_time|update_time|mapping|conversation_id|current_node)"\s*:)/g;
/** Bytes kept from a chunk that ended without a resync point, so one split across chunks is found. */
const resyncOverlap = 256;

const asRecord = (value: unknown): Record<string, unknown> | null =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;

const concat = (a: Uint8Array, b: Uint8Array): Uint8Array => {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
};

const isBlank = (byte: number): boolean =>
  byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;

export const createConversationStream = (
  onEntry: (entry: StreamedEntry) => void,
): ConversationStream => {
  /** The first bytes, until the first one that is not blank says what the file's top is. */
  let start: Uint8Array = new Uint8Array(0);
  let top: 'list' | 'object' | 'value' | null = null;
  let tokenizer: Tokenizer | null = null;
  let parser: TokenParser | null = null;
  /** Entries of the list begun so far; the one being read is `begun - 1`. */
  let begun = 0;
  /** Depth of the token stream (1 inside the list), and the last tokens at the entry's own level. */
  let depth = 0;
  let key: string | null = null;
  let afterColon = false;
  let title: string | null = null;
  let id: string | null = null;
  /** Byte offset (in the current tokenizer's stream) of the last token seen. */
  let lastOffset = -1;
  /** Bytes fed to the current tokenizer before the chunk being written. */
  let fed = 0;
  /** Set while looking for the next conversation after damage: the bytes not yet searched. */
  let resync: Uint8Array | null = null;
  /** After damage, entries handed over before one with a `mapping` are false starts and dropped. */
  let recovering = false;
  const objectRoot: Record<string, unknown> = {};
  let rootValue: unknown = undefined;
  const latin1 = new TextDecoder('latin1');

  const onToken = (info: ParsedTokenInfo): void => {
    lastOffset = info.offset;
    const { token } = info;
    if (top === 'list') {
      if (depth === 1 && token !== TokenType.COMMA && token !== TokenType.RIGHT_BRACKET) {
        // A new entry of the list starts.
        begun++;
        title = null;
        id = null;
        key = null;
        afterColon = false;
      }
      if (depth === 2) {
        // The entry's own keys: remember its title and id, to name it if it turns out damaged.
        if (token === TokenType.STRING && !afterColon) key = info.value as string;
        else if (token === TokenType.COLON) afterColon = true;
        else {
          if (afterColon && token === TokenType.STRING && typeof info.value === 'string') {
            if (key === 'title') title = info.value;
            else if ((key === 'conversation_id' || key === 'id') && id === null) id = info.value;
          }
          if (token === TokenType.COMMA) {
            afterColon = false;
            key = null;
          }
        }
      }
      if (token === TokenType.LEFT_BRACE || token === TokenType.LEFT_BRACKET) depth++;
      else if (token === TokenType.RIGHT_BRACE || token === TokenType.RIGHT_BRACKET) depth--;
    }
    (parser as TokenParser).write(info);
  };

  const onValue = ({ value, key: at }: ParsedElementInfo): void => {
    if (top === 'list') {
      if (recovering) {
        if (asRecord(value)?.mapping === undefined) return;
        recovering = false;
      }
      onEntry({ kind: 'entry', index: begun - 1, value });
    } else if (top === 'object') {
      if (at === 'conversations' && Array.isArray(value)) {
        value.forEach((item, index) => onEntry({ kind: 'entry', index, value: item }));
        objectRoot.conversations = [];
      } else if (typeof at === 'string') objectRoot[at] = value;
    } else rootValue = value;
  };

  const startParsing = (): void => {
    tokenizer = new Tokenizer();
    parser = new TokenParser({
      paths: top === 'value' ? ['$'] : ['$.*'],
      keepStack: false,
    });
    tokenizer.onToken = onToken;
    parser.onValue = onValue;
    // The end of the list: nothing more to read (a list ends its parser by itself).
    parser.onEnd = () => undefined;
    fed = 0;
    depth = 0;
    lastOffset = -1;
  };

  /** Damage in the entry being read: report it and look for the next conversation after `from`. */
  const damagedAt = (error: unknown, chunk: Uint8Array, from: number): void => {
    if (top !== 'list') throw new Truncated(error instanceof Error ? error.message : String(error));
    if (!recovering) {
      onEntry({
        kind: 'damaged',
        index: Math.max(0, begun - 1),
        title,
        id,
        detail: error instanceof Error ? error.message : String(error),
      });
    }
    recovering = true;
    tokenizer = null;
    parser = null;
    resync = chunk.subarray(Math.max(0, Math.min(chunk.length, from)));
  };

  const feed = (chunk: Uint8Array): void => {
    try {
      (tokenizer as Tokenizer).write(chunk);
      fed += chunk.length;
    } catch (error) {
      // What the entry's reader threw (a refusal of the whole file) is not damage in the JSON.
      if (!(error instanceof TokenizerError) && !(error instanceof TokenParserError)) throw error;
      // From the last token read: when that token was the damaged entry's own end, the next entry
      // starts right after it.
      damagedAt(error, chunk, lastOffset - fed);
    }
  };

  /** Searches the bytes kept since the damage for the next conversation; feeds from there if found. */
  const searchResync = (): boolean => {
    const bytes = resync as Uint8Array;
    nextConversation.lastIndex = 0;
    const match = nextConversation.exec(latin1.decode(bytes));
    if (!match) {
      resync = bytes.subarray(Math.max(0, bytes.length - resyncOverlap));
      return false;
    }
    resync = null;
    startParsing();
    depth = 0;
    // The list's own bracket, so the parser reads on as inside it; the damaged entry keeps its number.
    feed(new Uint8Array([0x5b]));
    feed(bytes.subarray(match.index + match[0].length - (match[1] as string).length));
    return true;
  };

  const write = (bytes: Uint8Array): void => {
    if (bytes.length === 0) return;
    if (top === null) {
      start = concat(start, bytes);
      let at = 0;
      const bom = [0xef, 0xbb, 0xbf];
      if (start.length < 3 && start.every((byte, i) => byte === bom[i])) return;
      // A UTF-8 byte order mark (Notepad adds one) and blanks before the JSON.
      if (start[0] === 0xef && start[1] === 0xbb && start[2] === 0xbf) at = 3;
      while (at < start.length && isBlank(start[at] as number)) at++;
      if (at === start.length) return;
      const first = start[at] as number;
      top = first === 0x5b ? 'list' : first === 0x7b ? 'object' : 'value';
      if (top === 'value' && !/^[-0-9"tfn]/.test(String.fromCharCode(first))) {
        throw new NotJson(new TextDecoder().decode(start.subarray(at, at + 64)));
      }
      startParsing();
      const rest = start.subarray(at);
      start = new Uint8Array(0);
      feed(rest);
    } else if (resync) {
      resync = concat(resync, bytes);
    } else {
      feed(bytes);
      return;
    }
    // Each resync point found is past the last, so this ends.
    while (resync && searchResync());
  };

  return {
    write,
    end: () => {
      if (top === null) throw new NotJson(new TextDecoder().decode(start));
      if (resync) {
        // Damage in the last entry, with the list's end after it, is that entry's; without the end,
        // the file was cut off (as a download that stopped is).
        if (/\]\s*$/.test(latin1.decode(resync))) return { kind: 'list', entries: begun };
        throw new Truncated('the file ends inside a damaged conversation');
      }
      try {
        const [reading, assembling] = [tokenizer as Tokenizer, parser as TokenParser];
        reading.end();
        // A list or an object ends its parser by itself at its closing bracket.
        if (!assembling.isEnded) assembling.end();
      } catch (error) {
        throw new Truncated(error instanceof Error ? error.message : String(error));
      }
      if (top === 'list') return { kind: 'list', entries: begun };
      if (top === 'object') return { kind: 'object', value: objectRoot };
      return { kind: 'value', value: rootValue };
    },
  };
};
