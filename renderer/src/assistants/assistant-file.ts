/**
 * Assistants as a file to share: `{format: 'runnel-assistants', version: 1, assistants: [...]}`, one
 * or many. Reading one validates it with zod before anything is saved, and every refusal says what is
 * wrong in words. Only what makes sense on another machine travels: no ids, list positions or
 * quick-ask mark (an import always adds new assistants, so it never overwrites one of the person's).
 */
import { z } from 'zod';
import { chatParametersSchema } from '../../../preload/contract';
import type { AssistantRecord } from '../history/types';
import { describeJsonValue, withoutBom } from '../history/import-sniff';

export const assistantsFileFormat = 'runnel-assistants';
export const assistantsFileVersion = 1;

/** Caps on what an import reads: far above any real set of presets, far below what would hurt. */
export const assistantFileLimits = {
  fileBytes: 2 * 1024 * 1024,
  assistants: 200,
  nameChars: 100,
  emojiChars: 32,
  systemPromptChars: 100_000,
  openingMessages: 20,
  openingMessageChars: 20_000,
  modelChars: 200,
} as const;

const limits = assistantFileLimits;

const openingMessageSchema = z.strictObject({
  role: z.enum(['user', 'assistant'], { error: 'The role must be "user" or "assistant".' }),
  content: z
    .string()
    .trim()
    .min(1, 'An opening message cannot be empty.')
    .max(
      limits.openingMessageChars,
      `An opening message can be at most ${limits.openingMessageChars.toLocaleString('en')} characters.`,
    ),
});

export const portableAssistantSchema = z.strictObject({
  name: z
    .string({ error: 'Each assistant needs a "name" (text).' })
    .trim()
    .min(1, 'The name cannot be empty.')
    .max(limits.nameChars, `The name can be at most ${limits.nameChars} characters.`),
  emoji: z
    .string()
    .trim()
    .max(limits.emojiChars, `The emoji can be at most ${limits.emojiChars} characters.`)
    .default(''),
  systemPrompt: z
    .string({ error: 'Each assistant needs a "systemPrompt" (text, may be empty).' })
    .max(
      limits.systemPromptChars,
      `The system prompt can be at most ${limits.systemPromptChars.toLocaleString('en')} characters.`,
    ),
  providerId: z.string().max(limits.modelChars).nullable().default(null),
  model: z.string().max(limits.modelChars).nullable().default(null),
  parameters: chatParametersSchema
    // null there is the one exception: "no system prompt, not even Settings'" (assistant-form.ts).
    .refine((parameters) => parameters.systemPrompt == null, {
      message:
        'The system prompt goes in the assistant\u2019s "systemPrompt", not in its parameters.',
    })
    .default({}),
  openingMessages: z
    .array(openingMessageSchema)
    .max(limits.openingMessages, `At most ${limits.openingMessages} opening messages.`)
    .default([]),
});

export type PortableAssistant = z.infer<typeof portableAssistantSchema>;

const assistantsFileSchema = z.strictObject({
  format: z.literal(assistantsFileFormat),
  version: z.literal(assistantsFileVersion),
  exportedAt: z.number().int().nonnegative().optional(),
  assistants: z
    .array(portableAssistantSchema)
    .min(1, 'The file holds no assistants.')
    .max(limits.assistants, `A file can hold at most ${limits.assistants} assistants.`),
});

export type AssistantFileErrorCode =
  /** Over the size cap: not read at all. */
  | 'too-large'
  /** Not JSON (or empty, or cut short). */
  | 'not-json'
  /** JSON, but not an assistants file (a history backup, another app's file). */
  | 'not-assistants'
  /** Made by a newer Runnel: refused rather than read in part. */
  | 'newer-version'
  /** An assistants file with a field that is wrong. */
  | 'invalid';

export type AssistantFileResult =
  | { ok: true; assistants: PortableAssistant[] }
  | { ok: false; error: { code: AssistantFileErrorCode; message: string } };

const refuse = (code: AssistantFileErrorCode, message: string): AssistantFileResult => ({
  ok: false,
  error: { code, message: `${message} No assistant was imported.` },
});

const sizeText = (chars: number): string => `${(chars / (1024 * 1024)).toFixed(1)} MB`;

/** "assistants[2] (“Tutor”).openingMessages[0].content" for an issue's path. */
const describeIssuePath = (path: ReadonlyArray<PropertyKey>, data: unknown): string => {
  if (path.length === 0) return 'The file';
  const [first, index, ...rest] = path;
  if (first === 'assistants' && typeof index === 'number') {
    const listed = (data as { assistants?: unknown[] }).assistants?.[index];
    const name =
      typeof listed === 'object' && listed !== null && 'name' in listed
        ? String((listed as { name: unknown }).name).slice(0, 40)
        : '';
    const where = `Assistant ${index + 1}${name ? ` (\u201c${name}\u201d)` : ''}`;
    return rest.length === 0 ? where : `${where}, ${rest.map(String).join('.')}`;
  }
  return `"${path.map(String).join('.')}"`;
};

/** Reads an assistants file (its text); what is wrong with it, in words, if anything is. */
export const parseAssistantsFile = (raw: string): AssistantFileResult => {
  if (raw.length > limits.fileBytes) {
    return refuse(
      'too-large',
      `This file is ${sizeText(raw.length)}; an assistants file can be at most ${sizeText(limits.fileBytes)}.`,
    );
  }
  const text = withoutBom(raw);
  if (text.trim() === '') return refuse('not-json', 'The file is empty.');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return refuse(
      'not-json',
      `This file is not valid JSON (${error instanceof Error ? error.message : String(error)}); it may be cut short.`,
    );
  }
  const record =
    typeof data === 'object' && data !== null && !Array.isArray(data)
      ? (data as Record<string, unknown>)
      : null;
  if (record?.format === 'runnel-history-backup') {
    return refuse(
      'not-assistants',
      'This is a Runnel history backup, not an assistants file: import it with \u201cImport backup\u201d in Import & export.',
    );
  }
  if (record?.format !== assistantsFileFormat) {
    return refuse(
      'not-assistants',
      `This is not a Runnel assistants file: it holds ${describeJsonValue(data)}, and an assistants file is an object whose "format" is "${assistantsFileFormat}".`,
    );
  }
  if (typeof record.version === 'number' && record.version > assistantsFileVersion) {
    return refuse(
      'newer-version',
      `This file was made by a newer version of Runnel (assistants file version ${record.version}; this version reads version ${assistantsFileVersion}). Update Runnel, then import it.`,
    );
  }
  const parsed = assistantsFileSchema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 3)
      .map((issue) => `${describeIssuePath(issue.path, data)}: ${issue.message}`);
    const more =
      parsed.error.issues.length > 3 ? ` (and ${parsed.error.issues.length - 3} more)` : '';
    return refuse('invalid', `This assistants file is damaged: ${issues.join('; ')}${more}.`);
  }
  return { ok: true, assistants: parsed.data.assistants };
};

/** What of an assistant travels in a file. */
export const toPortable = (assistant: AssistantRecord): PortableAssistant => ({
  name: assistant.name,
  emoji: assistant.emoji,
  systemPrompt: assistant.systemPrompt,
  providerId: assistant.providerId,
  model: assistant.model,
  parameters: assistant.parameters,
  openingMessages: assistant.openingMessages,
});

/** The file's text for these assistants, in their order. */
export const exportAssistants = (assistants: readonly AssistantRecord[], now: number): string =>
  JSON.stringify(
    {
      format: assistantsFileFormat,
      version: assistantsFileVersion,
      exportedAt: now,
      assistants: assistants.map(toPortable),
    },
    null,
    2,
  );

/** An imported assistant as a new one of the person's: a fresh id, at the end of the list. */
export const fromPortable = (
  portable: PortableAssistant,
  made: { id: string; now: number },
): AssistantRecord => ({
  ...portable,
  // The schema lets only null through here ("no system prompt, not even Settings'").
  parameters: portable.parameters as AssistantRecord['parameters'],
  id: made.id,
  position: 0,
  builtinId: null,
  quickAskDefault: false,
  createdAt: made.now,
  updatedAt: made.now,
});
