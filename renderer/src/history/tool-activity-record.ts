/**
 * An answer's tool calls in the `tool_activity` column (schema 10): written as bounded JSON, read back
 * leniently, and folded into the message's search columns so a call's text is found like the answer's.
 *
 * Checked by hand rather than with zod: the history worker reads every message through this, and zod
 * is loaded only for imports (lazy-parsers.ts) because it slows the worker's start. Backups, which do
 * load zod, check the same shape with backup.ts's schema.
 */
import type { SqlValue } from '@sqlite.org/sqlite-wasm';
import { cjkColumns, cjkRunPlaceholder, wordsAroundCjk, type CjkColumns } from './cjk-segments';
import type { ToolMediaView } from '../../../preload/contract';
import type { ToolActivityRecord, ToolCallRecord } from './types';

/**
 * At most this many calls of one answer are kept (the loop's default step limit is 10, each step a
 * few calls); later ones are left out of history, not the answer.
 */
export const maxStoredToolCalls = 64;
/**
 * A call's arguments and its result are kept up to this many characters each (the model was given up
 * to 100,000): with `maxStoredToolCalls`, an answer's column stays under about 4 MB.
 */
export const maxStoredToolChars = 32_000;
/**
 * The images of one answer's results are kept up to this much base64 in all (about 1 MB of pictures);
 * a later image is left out of history with a line saying so. With the texts above, a column stays
 * well under `maxReadColumnChars`.
 */
export const maxStoredImageChars = 1_500_000;
/** At most this many images and links of one result, as main sends them (tool-media.ts). */
const maxMediaPerResult = 8;
const imageTypes = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
const base64 = /^[A-Za-z0-9+/]*={0,2}$/;
/** A column longer than any the writer makes is damage, and reads as no activity. */
const maxReadColumnChars = 8_000_000;

const outcomes = new Set(['ran', 'failed', 'denied', 'timed_out', 'invalid', 'cancelled']);

const cut = (text: string): string =>
  text.length <= maxStoredToolChars
    ? text
    : `${text.slice(0, maxStoredToolChars)}\n[Cut in history: ${text.length.toLocaleString('en-US')} characters; the first ${maxStoredToolChars.toLocaleString('en-US')} are kept.]`;

/** The record as stored: calls, texts and images within the bounds above. */
export const boundedToolActivity = (record: ToolActivityRecord): ToolActivityRecord => {
  let imageChars = 0;
  /** A result's media with the images past the answer's budget left out, and how many were. */
  const keptMedia = (media: readonly ToolMediaView[]) => {
    let left = 0;
    const kept = media.slice(0, maxMediaPerResult).filter((one) => {
      if (one.kind !== 'image') return true;
      if (imageChars + one.data.length > maxStoredImageChars) {
        left += 1;
        return false;
      }
      imageChars += one.data.length;
      return true;
    });
    return { kept, left };
  };
  return {
    calls: record.calls.slice(0, maxStoredToolCalls).map((call) => {
      if (!call.result) return { ...call, arguments: cut(call.arguments), result: null };
      const { media, ...result } = call.result;
      const { kept, left } = keptMedia(media ?? []);
      const note =
        left > 0
          ? `\n[${left === 1 ? 'An image' : `${left} images`} of this result ${left === 1 ? 'was' : 'were'} not kept in history: an answer keeps about 1 MB of images.]`
          : '';
      return {
        ...call,
        arguments: cut(call.arguments),
        result: {
          ...result,
          content: `${cut(result.content)}${note}`,
          ...(kept.length > 0 ? { media: kept } : {}),
        },
      };
    }),
    ...(record.stepLimit !== undefined ? { stepLimit: record.stepLimit } : {}),
  };
};

const hasActivity = (record: ToolActivityRecord | undefined): record is ToolActivityRecord =>
  record !== undefined && (record.calls.length > 0 || record.stepLimit !== undefined);

/** What is stored of an answer's activity: bounded, or undefined (a NULL column) when there is none. */
export const storedToolActivity = (
  record: ToolActivityRecord | undefined,
): ToolActivityRecord | undefined =>
  hasActivity(record) ? boundedToolActivity(record) : undefined;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isString = (value: unknown): value is string => typeof value === 'string';
const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0;
const isNullableString = (value: unknown): value is string | null =>
  value === null || isString(value);

const readApproval = (value: unknown): ToolCallRecord['approval'] | undefined => {
  if (value === null) return null;
  if (!isRecord(value) || !isString(value.server) || !isString(value.tool)) return undefined;
  if (!isNullableString(value.description)) return undefined;
  return { server: value.server, tool: value.tool, description: value.description };
};

/** One stored image or link, or undefined when it is not one (it is left out, the result kept). */
export const readToolMedia = (value: unknown): ToolMediaView | undefined => {
  if (!isRecord(value)) return undefined;
  if (value.kind === 'image') {
    const { mimeType, data } = value;
    if (!isString(mimeType) || !imageTypes.has(mimeType)) return undefined;
    if (!isString(data) || data === '' || data.length > maxStoredImageChars || !base64.test(data))
      return undefined;
    return {
      kind: 'image',
      mimeType: mimeType as Extract<ToolMediaView, { kind: 'image' }>['mimeType'],
      data,
    };
  }
  if (value.kind === 'link') {
    const { uri, name } = value;
    if (!isString(uri) || uri === '' || uri.length > 2048) return undefined;
    if (!isString(name) || name.length > 300) return undefined;
    return { kind: 'link', uri, name };
  }
  return undefined;
};

const readResult = (value: unknown): ToolCallRecord['result'] | undefined => {
  if (value === null) return null;
  if (!isRecord(value) || !isString(value.outcome) || !outcomes.has(value.outcome))
    return undefined;
  if (!isString(value.content) || typeof value.isError !== 'boolean') return undefined;
  if (typeof value.durationMs !== 'number' || !(value.durationMs >= 0)) return undefined;
  const media = Array.isArray(value.media)
    ? value.media.slice(0, maxMediaPerResult).flatMap((one: unknown) => readToolMedia(one) ?? [])
    : [];
  return {
    outcome: value.outcome as NonNullable<ToolCallRecord['result']>['outcome'],
    content: value.content,
    isError: value.isError,
    durationMs: value.durationMs,
    ...(media.length > 0 ? { media } : {}),
  };
};

/** One stored call, or undefined when it is not one (that call is left out, the others kept). */
const readCall = (value: unknown): ToolCallRecord | undefined => {
  if (!isRecord(value)) return undefined;
  const { callId, name, arguments: args, problem, at } = value;
  if (!isString(callId) || !isString(name) || !isString(args) || !isNullableString(problem)) {
    return undefined;
  }
  const approval = readApproval(value.approval);
  const result = readResult(value.result);
  if (!isCount(at) || approval === undefined || result === undefined) return undefined;
  return {
    callId,
    name,
    arguments: args,
    problem,
    at,
    approval,
    ...(value.waiting === true ? { waiting: true as const } : {}),
    result,
  };
};

/**
 * The column read back: undefined when empty, not JSON, too long or not the shape (never a throw, so
 * a damaged value cannot stop a conversation from opening).
 */
export const readToolActivity = (text: SqlValue | undefined): ToolActivityRecord | undefined => {
  if (typeof text !== 'string' || text === '' || text.length > maxReadColumnChars) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(value) || !Array.isArray(value.calls)) return undefined;
  const calls = value.calls
    .slice(0, maxStoredToolCalls)
    .flatMap((call: unknown) => readCall(call) ?? []);
  const stepLimit =
    isCount(value.stepLimit) && value.stepLimit > 0 ? { stepLimit: value.stepLimit } : {};
  const record = { calls, ...stepLimit };
  return hasActivity(record) ? record : undefined;
};

/** The text of an answer's calls that search finds: each tool's name, its arguments and its result. */
export const toolActivityText = (record: ToolActivityRecord | undefined): string =>
  (record?.calls ?? [])
    .map((call) =>
      [
        call.name,
        call.arguments,
        call.result?.content ?? '',
        // A link's name and address are found too; an image's data is not text.
        ...(call.result?.media ?? []).flatMap((one) =>
          one.kind === 'link' ? [`${one.name} ${one.uri}`] : [],
        ),
      ].join('\n'),
    )
    .join('\n');

/**
 * A message's derived search columns (`record` as stored, see storedToolActivity): the content's (cjk-segments.ts), with its tool calls' text
 * added to the words column (it is in no other) and its CJK runs to the bigrams. A placeholder
 * between the parts keeps a phrase from matching across them.
 */
export const messageSearchColumns = (
  content: string,
  record: ToolActivityRecord | undefined,
): CjkColumns => {
  const own = cjkColumns(content);
  const tools = toolActivityText(record);
  if (tools === '') return own;
  const join = (a: string, b: string): string =>
    a === '' ? b : b === '' ? a : `${a} ${cjkRunPlaceholder} ${b}`;
  return {
    segments: join(own.segments, cjkColumns(tools).segments),
    words: join(own.words, wordsAroundCjk(tools)),
  };
};
