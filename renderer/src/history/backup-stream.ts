/**
 * Reads a Runnel backup file as a stream of bytes and hands over its parts as each is complete: the
 * keys of its head, then one conversation at a time, one attached file at a time, and the assistants.
 * So a backup larger than a string can be (1 GB of images) imports, and nothing of it but the part
 * being read is in memory. The JSON is tokenized and assembled by `@streamparser/json`, as the
 * ChatGPT import reads its exports (chatgpt-stream.ts).
 *
 * Checking what the parts hold is backup.ts's job; this file only knows where they are.
 */
import {
  Tokenizer,
  TokenizerError,
  TokenParser,
  TokenParserError,
  TokenType,
} from '@streamparser/json';
import type { ParsedElementInfo, ParsedTokenInfo } from '@streamparser/json';

/** A complete part of the file, in the order the file holds them. */
export type BackupPart =
  /**
   * A key of the top object other than its lists: format, version and exportedAt with their values;
   * any other key with its value if that is a plain value, else an empty stand-in (`[]` or `{}`).
   */
  | { kind: 'head'; key: string; value: unknown }
  | { kind: 'conversation'; index: number; value: unknown }
  | { kind: 'attachment'; index: number; value: unknown }
  | { kind: 'assistants'; value: unknown }
  /** The file's top is not an object: its first item (a list's) or its value, to say what it is. */
  | { kind: 'not-an-object'; value: unknown; inList: boolean }
  /** A list ended at the top level (the file's own top is not here): an empty list names itself. */
  | { kind: 'empty-list' };

/** The bytes stopped being JSON (a stray byte, a cut-off file); `detail` is the parser's words. */
export class BackupNotJson extends Error {}

export interface BackupStream {
  /** Feeds the next bytes; the parts they complete are handed over before it returns. */
  write(bytes: Uint8Array): void;
  /** The file ended. Throws BackupNotJson when it ended inside a value. */
  end(): void;
}

const isBlank = (byte: number): boolean =>
  byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;

/** The keys whose values are read whole and handed over; the lists go an item at a time. */
const wholeKeys = ['format', 'version', 'exportedAt', 'assistants'];
const known = new Set([...wholeKeys, 'conversations', 'attachments']);

export const createBackupStream = (onPart: (part: BackupPart) => void): BackupStream => {
  let top: 'object' | 'list' | 'value' | null = null;
  let start = new Uint8Array(0);
  let tokenizer: Tokenizer | null = null;
  let parser: TokenParser | null = null;
  /** Depth of the token stream (1 inside the top object) and the top object's key being read. */
  let depth = 0;
  let key: string | null = null;
  let afterColon = false;
  let items = 0;
  let conversations = 0;
  let attachments = 0;

  const onValue = ({ value, key: at, stack }: ParsedElementInfo): void => {
    if (top !== 'object') {
      items++;
      onPart({ kind: 'not-an-object', value, inList: top === 'list' });
      return;
    }
    const list = stack[1]?.key;
    if (stack.length === 2) {
      // An item of a list (an object where a list belongs is read as one: its checks say so).
      if (list === 'conversations') onPart({ kind: 'conversation', index: conversations++, value });
      else onPart({ kind: 'attachment', index: attachments++, value });
    } else if (at === 'assistants') onPart({ kind: 'assistants', value });
    else if (typeof at === 'string') onPart({ kind: 'head', key: at, value });
  };

  /** Set while skipping an unknown key's object or list value: the depth to return to. */
  let skipping = false;

  /**
   * The top object's other keys are named (with a stand-in value) and never assembled: the parser
   * sees `null` in place of an object or list there, so a foreign file's large value costs nothing.
   */
  const onToken = (info: ParsedTokenInfo): void => {
    const { token } = info;
    const opens = token === TokenType.LEFT_BRACE || token === TokenType.LEFT_BRACKET;
    const closes = token === TokenType.RIGHT_BRACE || token === TokenType.RIGHT_BRACKET;
    if (skipping) {
      if (opens) depth++;
      else if (closes) depth--;
      if (depth === 1) skipping = false;
      return;
    }
    if (top === 'object' && depth === 1) {
      if (token === TokenType.STRING && !afterColon) key = info.value as string;
      else if (token === TokenType.COLON) afterColon = true;
      else if (token === TokenType.COMMA) {
        afterColon = false;
        key = null;
      } else if (afterColon && !closes && key !== null && !known.has(key)) {
        afterColon = false;
        onPart({
          kind: 'head',
          key,
          value: token === TokenType.LEFT_BRACE ? {} : opens ? [] : info.value,
        });
        if (opens) {
          depth++;
          skipping = true;
          (parser as TokenParser).write({
            token: TokenType.NULL,
            value: null,
          });
          return;
        }
      }
    }
    if (opens) depth++;
    else if (closes) depth--;
    (parser as TokenParser).write(info);
  };

  const wrap = (run: () => void): void => {
    try {
      run();
    } catch (error) {
      if (error instanceof TokenizerError || error instanceof TokenParserError) {
        throw new BackupNotJson(error.message);
      }
      throw error;
    }
  };

  const begin = (first: number): void => {
    top = first === 0x7b ? 'object' : first === 0x5b ? 'list' : 'value';
    tokenizer = new Tokenizer();
    parser = new TokenParser({
      paths:
        top === 'object'
          ? [...wholeKeys.map((k) => `$.${k}`), '$.conversations.*', '$.attachments.*']
          : top === 'list'
            ? ['$.*']
            : ['$'],
      keepStack: false,
    });
    parser.onValue = onValue;
    parser.onEnd = () => undefined;
    tokenizer.onToken = onToken;
  };

  return {
    write: (bytes) => {
      if (bytes.length === 0) return;
      if (top === null) {
        const joined = new Uint8Array(start.length + bytes.length);
        joined.set(start);
        joined.set(bytes, start.length);
        let at = 0;
        if (joined[0] === 0xef && joined[1] === 0xbb && joined[2] === 0xbf) at = 3;
        else if (joined.length < 3 && joined[0] === 0xef) {
          start = joined;
          return;
        }
        while (at < joined.length && isBlank(joined[at] as number)) at++;
        if (at === joined.length) {
          start = joined;
          return;
        }
        begin(joined[at] as number);
        start = new Uint8Array(0);
        wrap(() => (tokenizer as Tokenizer).write(joined.subarray(at)));
        return;
      }
      wrap(() => (tokenizer as Tokenizer).write(bytes));
    },
    end: () => {
      if (top === null) throw new BackupNotJson('the file holds no JSON');
      try {
        (tokenizer as Tokenizer).end();
        const assembling = parser as TokenParser;
        if (!assembling.isEnded) assembling.end();
      } catch (error) {
        // Whatever the parser says at the end, the file stopped inside a value.
        throw new BackupNotJson(error instanceof Error ? error.message : String(error));
      }
      if (top === 'list' && items === 0) onPart({ kind: 'empty-list' });
    },
  };
};
