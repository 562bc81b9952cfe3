/**
 * Reads a Runnel backup file as a stream of bytes and hands over its parts as each is complete: the
 * keys of its head, then one conversation at a time, one attached file at a time, and the assistants.
 * So a backup larger than a string can be (1 GB of images) imports, and nothing of it but the part
 * being read is in memory.
 *
 * Why not `@streamparser/json`, which the ChatGPT import uses (chatgpt-stream.ts): its tokenizer builds
 * every token in JavaScript, about 20 MB/s on this machine (16 MB of generated history: 0.8 s, where
 * the import's own SQLite work took 2 s), so at a million messages (600 MB) reading alone took about
 * 30 s of the 60 s aim. A backup's shape is fixed and written by Runnel, so this reader only finds
 * where each part begins and ends (strings and brackets, byte by byte, with no token built) and hands
 * each part's bytes to the engine's own `JSON.parse`, which checks them fully. A conversation whose
 * bytes do not parse is reported as damaged, with the title read from them when it can be, and
 * reading goes on after it; checking what the parts hold is backup.ts's job.
 */

/** A complete part of the file, in the order the file holds them. */
export type BackupPart =
  /**
   * A key of the top object other than its lists: format, version, exportedAt with their values;
   * any other key with its value if that is small, else an empty stand-in of its kind.
   */
  | { kind: 'head'; key: string; value: unknown }
  | { kind: 'conversation'; index: number; value: unknown }
  /** A conversation whose JSON is broken: what could be read of its title and id, and the parser's words. */
  | {
      kind: 'damaged-conversation';
      index: number;
      title: string | null;
      id: string | null;
      detail: string;
    }
  | { kind: 'attachment'; index: number; value: unknown }
  | { kind: 'assistants'; value: unknown }
  /** The file's top is not an object: its first item (a list's) or its value, to say what it is. */
  | { kind: 'not-an-object'; value: unknown; inList: boolean }
  /** The file is an empty list. */
  | { kind: 'empty-list' };

/** The bytes stopped being JSON (a stray byte, a cut-off file); the message says where. */
export class BackupNotJson extends Error {}

export interface BackupStream {
  /** Feeds the next bytes; the parts they complete are handed over before it returns. */
  write(bytes: Uint8Array): void;
  /** The file ended. Throws BackupNotJson when it ended inside a value. */
  end(): void;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

const isBlank = (byte: number): boolean =>
  byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
/** Where a number, `true`, `false` or `null` ends. */
const endsScalar = (byte: number): boolean =>
  isBlank(byte) || byte === COMMA || byte === CLOSE_BRACE || byte === CLOSE_BRACKET;

/** The head's keys kept whole; the two lists go an item at a time; other keys' large values are skipped. */
const lists = new Set(['conversations', 'attachments']);
const keptWhole = new Set(['format', 'version', 'exportedAt', 'assistants']);
/** An unknown key's value is kept for naming the file up to this size, else a stand-in. */
const smallValue = 4096;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The value a captured piece of JSON holds; throws SyntaxError (or TypeError for bad UTF-8). */
const parseBytes = (pieces: Uint8Array[]): unknown => {
  if (pieces.length === 1) return JSON.parse(utf8.decode(pieces[0]));
  let length = 0;
  for (const piece of pieces) length += piece.length;
  const joined = new Uint8Array(length);
  let at = 0;
  for (const piece of pieces) {
    joined.set(piece, at);
    at += piece.length;
  }
  return JSON.parse(utf8.decode(joined));
};

/** A damaged conversation's title and id, from the start of its bytes, when they can be found there. */
const namesIn = (pieces: Uint8Array[]): { title: string | null; id: string | null } => {
  const decoder = new TextDecoder();
  let start = '';
  for (const piece of pieces) {
    start += decoder.decode(piece, { stream: true });
    if (start.length >= 4096) break;
  }
  const field = (key: string): string | null => {
    const match = new RegExp(`"${key}"\\s*:\\s*("(?:[^"\\\\]|\\\\.)*")`).exec(start);
    if (!match) return null;
    try {
      return JSON.parse(match[1] as string) as string;
    } catch {
      return null;
    }
  };
  return { title: field('title'), id: field('id') };
};

const standIn = (first: number): unknown =>
  first === OPEN_BRACE ? {} : first === OPEN_BRACKET ? [] : first === QUOTE ? '' : 0;

/** What is being read: the structure around the parts, or one part's bytes. */
type Where =
  /** Before the top value. */
  | 'start'
  /** In the top object: a key, its colon, its value, the comma after it. */
  | 'key'
  | 'colon'
  | 'value'
  | 'after-value'
  /** In one of the top object's lists (or the top list): an item, the comma after it. */
  | 'item'
  | 'after-item'
  /** After the top value: only blanks may follow. */
  | 'done';

export const createBackupStream = (onPart: (part: BackupPart) => void): BackupStream => {
  let where: Where = 'start';
  let top: 'object' | 'list' | 'value' | null = null;
  /** The list being read: a key of the top object, or '' for a top list. */
  let list = '';
  let key = '';
  const counts = { conversations: 0, attachments: 0, top: 0 };
  /** Bytes read before this chunk, for the positions errors name. */
  let offset = 0;

  /** The part being captured: its bytes so far, and how to tell its end. */
  let capturing = false;
  let pieces: Uint8Array[] = [];
  let capturedLength = 0;
  /** Whether the captured bytes are kept (an unknown key's large value is only skipped). */
  let keeping = true;
  let first = 0;
  let depth = 0;
  let inString = false;
  let escaped = false;
  /** Reading a key's string (outside any capture). */
  let keyPieces: Uint8Array[] | null = null;
  /** The next backslash of the chunk being scanned, from where it was last looked for. */
  let backslashIn: Uint8Array | null = null;
  let backslashAt = -1;

  const fail = (message: string): never => {
    throw new BackupNotJson(message);
  };
  const unexpected = (byte: number, at: number): never =>
    fail(`unexpected “${String.fromCharCode(byte)}” at byte ${(offset + at).toLocaleString('en')}`);

  /** One captured part is complete: hand it over. */
  const finish = (): void => {
    const bytes = pieces;
    capturing = false;
    pieces = [];
    const length = capturedLength;
    capturedLength = 0;
    if (where === 'value') {
      where = 'after-value';
      if (top !== 'object') {
        // The top is a plain value: name what it is.
        where = 'done';
        let value: unknown;
        try {
          value = keeping ? parseBytes(bytes) : standIn(first);
        } catch (error) {
          throw new BackupNotJson(error instanceof Error ? error.message : String(error));
        }
        onPart({ kind: 'not-an-object', value, inList: false });
        return;
      }
      if (!keptWhole.has(key) && !keeping) {
        onPart({ kind: 'head', key, value: standIn(first) });
        return;
      }
      let value: unknown;
      try {
        value = parseBytes(bytes);
      } catch (error) {
        throw new BackupNotJson(
          `the value of "${key}" is broken: ${error instanceof Error ? error.message : error}`,
        );
      }
      if (key === 'assistants') onPart({ kind: 'assistants', value });
      else onPart({ kind: 'head', key, value: length > smallValue ? standIn(first) : value });
      return;
    }
    // An item of a list.
    where = 'after-item';
    if (list === 'conversations') {
      const index = counts.conversations++;
      let value: unknown;
      try {
        value = parseBytes(bytes);
      } catch (error) {
        onPart({
          kind: 'damaged-conversation',
          index,
          ...namesIn(bytes),
          detail: error instanceof Error ? error.message : String(error),
        });
        return;
      }
      onPart({ kind: 'conversation', index, value });
      return;
    }
    let value: unknown;
    try {
      value = parseBytes(bytes);
    } catch (error) {
      throw new BackupNotJson(
        `${list === '' ? 'an item' : `${list}[${counts.attachments}]`} is broken: ${error instanceof Error ? error.message : error}`,
      );
    }
    if (list === 'attachments') onPart({ kind: 'attachment', index: counts.attachments++, value });
    else {
      counts.top++;
      onPart({ kind: 'not-an-object', value, inList: true });
    }
  };

  /** Starts capturing a value whose first byte is `bytes[at]`. */
  const startCapture = (byte: number, keep: boolean): void => {
    capturing = true;
    keeping = keep;
    first = byte;
    depth = 0;
    inString = false;
    escaped = false;
    pieces = [];
    capturedLength = 0;
  };

  /**
   * Reads the captured value's bytes from `at`; returns where it ended (the index after its last
   * byte), or -1 if it goes on past this chunk.
   */
  const scanValue = (bytes: Uint8Array, at: number): number => {
    let i = at;
    const length = bytes.length;
    if (first === OPEN_BRACE || first === OPEN_BRACKET || first === QUOTE) {
      while (i < length) {
        const byte = bytes[i] as number;
        if (inString) {
          if (escaped) escaped = false;
          else if (byte === BACKSLASH) escaped = true;
          else if (byte === QUOTE) {
            inString = false;
            if (depth === 0) return i + 1;
          } else {
            // Runs of plain string bytes: jump to the next quote or backslash (the backslash's
            // place is kept per chunk: most strings have none, and looking again each time would
            // read the rest of the chunk once per string).
            if (backslashIn !== bytes || (backslashAt !== -1 && backslashAt < i)) {
              backslashIn = bytes;
              backslashAt = bytes.indexOf(BACKSLASH, i);
            }
            const quote = bytes.indexOf(QUOTE, i);
            const next =
              quote === -1
                ? backslashAt
                : backslashAt === -1
                  ? quote
                  : Math.min(quote, backslashAt);
            if (next === -1) return -1;
            i = next;
            continue;
          }
        } else if (byte === QUOTE) inString = true;
        else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) depth++;
        else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
          depth--;
          if (depth === 0) return i + 1;
        }
        i++;
      }
      return -1;
    }
    // A number or a literal ends at the first byte that cannot be part of it.
    while (i < length && !endsScalar(bytes[i] as number)) i++;
    return i < length ? i : -1;
  };

  const keep = (bytes: Uint8Array, from: number, to: number): void => {
    capturedLength += to - from;
    if (keeping) {
      // Copied: the caller may reuse the chunk's buffer.
      pieces.push(bytes.slice(from, to));
      if (!keptWhole.has(key) && where === 'value' && capturedLength > smallValue) {
        keeping = false;
        pieces = [];
      }
    }
  };

  /** A value or list item starts at `bytes[at]`: capture it, and enter its string or brackets. */
  const beginValue = (bytes: Uint8Array, at: number): void => {
    const byte = bytes[at] ?? 0;
    startCapture(byte, true);
    keep(bytes, at, at + 1);
    if (byte === QUOTE) inString = true;
    else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) depth = 1;
  };

  /** The file's first bytes, held until there are three: a UTF-8 byte order mark (Notepad adds one). */
  let opening: Uint8Array | null = new Uint8Array(0);

  const write = (chunk: Uint8Array): void => {
    let bytes = chunk;
    if (opening) {
      const joined = new Uint8Array(opening.length + chunk.length);
      joined.set(opening);
      joined.set(chunk, opening.length);
      if (joined.length < 3) {
        opening = joined;
        return;
      }
      opening = null;
      bytes =
        joined[0] === 0xef && joined[1] === 0xbb && joined[2] === 0xbf
          ? joined.subarray(3)
          : joined;
    }
    let i = 0;
    const length = bytes.length;
    while (i < length) {
      if (capturing) {
        // The first byte was seen when the capture started; `scanValue` reads on from here.
        const end = scanValue(bytes, i);
        if (end === -1) {
          keep(bytes, i, length);
          break;
        }
        keep(bytes, i, end);
        i = end;
        finish();
        continue;
      }
      if (keyPieces) {
        // A key of the top object: plain strings (our own keys) up to the closing quote.
        let j = i;
        while (j < length) {
          const byte = bytes[j] as number;
          if (escaped) escaped = false;
          else if (byte === BACKSLASH) escaped = true;
          else if (byte === QUOTE) break;
          j++;
        }
        keyPieces.push(bytes.slice(i, j));
        if (j === length) break;
        try {
          key = parseBytes([
            new Uint8Array([QUOTE]),
            ...keyPieces,
            new Uint8Array([QUOTE]),
          ]) as string;
        } catch (error) {
          throw new BackupNotJson(
            `a key is broken: ${error instanceof Error ? error.message : error}`,
          );
        }
        keyPieces = null;
        where = 'colon';
        i = j + 1;
        continue;
      }
      const byte = bytes[i] as number;
      if (isBlank(byte)) {
        i++;
        continue;
      }
      switch (where) {
        case 'start':
          if (byte === OPEN_BRACE) {
            top = 'object';
            where = 'key';
            i++;
          } else if (byte === OPEN_BRACKET) {
            top = 'list';
            list = '';
            where = 'item';
            i++;
          } else if (
            byte === QUOTE ||
            byte === 0x2d ||
            (byte >= 0x30 && byte <= 0x39) ||
            byte === 0x74 ||
            byte === 0x66 ||
            byte === 0x6e
          ) {
            top = 'value';
            where = 'value';
            startCapture(byte, true);
            keep(bytes, i, i + 1);
            if (byte === QUOTE) inString = true;
            i++;
          } else unexpected(byte, i);
          continue;
        case 'key':
          if (byte === QUOTE) {
            keyPieces = [];
            escaped = false;
            i++;
          } else if (byte === CLOSE_BRACE) {
            where = 'done';
            i++;
          } else unexpected(byte, i);
          continue;
        case 'colon':
          if (byte !== COLON) unexpected(byte, i);
          where = 'value';
          i++;
          continue;
        case 'value':
          if (lists.has(key) && byte === OPEN_BRACKET) {
            list = key;
            where = 'item';
            i++;
            continue;
          }
          beginValue(bytes, i);
          i++;
          continue;
        case 'after-value':
          if (byte === COMMA) where = 'key';
          else if (byte === CLOSE_BRACE) where = 'done';
          else unexpected(byte, i);
          i++;
          continue;
        case 'item':
          if (byte === CLOSE_BRACKET) {
            if (list === '') {
              if (counts.top === 0) onPart({ kind: 'empty-list' });
              where = 'done';
            } else where = 'after-value';
            i++;
            continue;
          }
          beginValue(bytes, i);
          i++;
          continue;
        case 'after-item':
          if (byte === COMMA) where = 'item';
          else if (byte === CLOSE_BRACKET) {
            if (list === '') where = 'done';
            else where = 'after-value';
          } else unexpected(byte, i);
          i++;
          continue;
        case 'done':
          unexpected(byte, i);
      }
    }
    offset += length;
  };

  return {
    write: (bytes) => {
      if (bytes.length > 0) write(bytes);
    },
    end: () => {
      if (opening && opening.length > 0) {
        const rest = opening;
        opening = new Uint8Array(0);
        const three = new Uint8Array(3).fill(0x20);
        three.set(rest);
        write(three);
      }
      if (top === null) fail('the file holds no JSON');
      if (capturing && top === 'value' && !inString && depth === 0) {
        // A number or literal that ends with the file.
        finish();
      }
      if (where !== 'done' || capturing || keyPieces) {
        fail('the file ends inside a value: it was cut off, or something in it is broken');
      }
    },
  };
};
