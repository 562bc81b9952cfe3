/**
 * The assistant editor as data: an assistant as the texts its fields show, and those texts back as an
 * assistant, each field checked on its own (the parameters with the contract's words, through the
 * parameters panel's form), so a message sits beside the field it is about. The caps are the
 * assistants file's, so whatever can be saved can be exported and imported again.
 */
import { formFrom, readForm, type ParametersForm } from '../chat/parameters-form';
import type { AssistantOpeningMessage, AssistantRecord } from '../history/types';
import { assistantFileLimits as limits } from './assistant-file';

export interface AssistantForm {
  name: string;
  emoji: string;
  /** The system prompt and the other parameters, as the parameters panel shows them. */
  parameters: ParametersForm;
  /** With the system prompt left empty: send none, rather than Settings' one. */
  noSystemPrompt: boolean;
  /** '' for Settings' default model. */
  providerId: string;
  /** '' for the provider's default model. */
  model: string;
  openingMessages: AssistantOpeningMessage[];
}

export type AssistantField = 'name' | 'emoji' | 'model' | 'openingMessages' | keyof ParametersForm;

/** What an assistant's editor saves: everything but its id, place and marks. */
export type AssistantValues = Pick<
  AssistantRecord,
  'name' | 'emoji' | 'systemPrompt' | 'providerId' | 'model' | 'parameters' | 'openingMessages'
>;

export type ReadAssistantForm =
  | { ok: true; values: AssistantValues }
  | { ok: false; problems: Partial<Record<AssistantField, string>> };

export const emptyAssistantForm = (): AssistantForm => ({
  name: '',
  emoji: '',
  parameters: formFrom({}),
  noSystemPrompt: false,
  providerId: '',
  model: '',
  openingMessages: [],
});

export function assistantFormFrom(assistant: AssistantRecord): AssistantForm {
  return {
    name: assistant.name,
    emoji: assistant.emoji,
    parameters: formFrom({ ...assistant.parameters, systemPrompt: assistant.systemPrompt }),
    noSystemPrompt: assistant.systemPrompt === '' && assistant.parameters.systemPrompt === null,
    providerId: assistant.providerId ?? '',
    model: assistant.model ?? '',
    openingMessages: assistant.openingMessages.map((m) => ({ ...m })),
  };
}

const openingProblem = (messages: readonly AssistantOpeningMessage[]): string | null => {
  if (messages.length > limits.openingMessages) {
    return `An assistant can have at most ${limits.openingMessages} opening messages.`;
  }
  const index = messages.findIndex((m) => m.content.trim() === '');
  if (index >= 0) return `Opening message ${index + 1} is empty: write it or remove it.`;
  const long = messages.findIndex((m) => m.content.length > limits.openingMessageChars);
  if (long >= 0) {
    return `Opening message ${long + 1} can be at most ${limits.openingMessageChars.toLocaleString('en')} characters.`;
  }
  return null;
};

export function readAssistantForm(form: AssistantForm): ReadAssistantForm {
  const problems: Partial<Record<AssistantField, string>> = {};
  const name = form.name.trim();
  if (name === '') problems.name = 'Give the assistant a name.';
  else if (name.length > limits.nameChars) {
    problems.name = `The name can be at most ${limits.nameChars} characters.`;
  }
  const emoji = form.emoji.trim();
  if (emoji.length > limits.emojiChars) {
    problems.emoji = `The emoji can be at most ${limits.emojiChars} characters.`;
  }
  const model = form.model.trim();
  if (model !== '' && form.providerId === '') {
    problems.model = 'Choose the provider of this model, or leave the model empty.';
  } else if (model.length > limits.modelChars) {
    problems.model = `The model name can be at most ${limits.modelChars} characters.`;
  }
  const opening = openingProblem(form.openingMessages);
  if (opening) problems.openingMessages = opening;
  const read = readForm(form.parameters);
  Object.assign(problems, read.problems);
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  const { systemPrompt, ...parameters } = read.parameters;
  return {
    ok: true,
    values: {
      name,
      emoji,
      systemPrompt: systemPrompt ?? '',
      providerId: form.providerId === '' ? null : form.providerId,
      model: model === '' ? null : model,
      parameters:
        form.noSystemPrompt && systemPrompt === undefined
          ? { ...parameters, systemPrompt: null }
          : parameters,
      openingMessages: form.openingMessages.map((m) => ({ role: m.role, content: m.content })),
    },
  };
}

/** "Copy of Translator" for a duplicate, kept within the name cap. */
export const duplicateName = (name: string): string => `Copy of ${name}`.slice(0, limits.nameChars);
