/**
 * A conversation's own model and parameters: what a new chat starts with, which model an answer is
 * asked of, and the parameters it is sent with, checked with the contract's schema first.
 */
import {
  chatParametersSchema,
  type ChatParametersView,
  type SettingsView,
} from '../../../preload/contract';
import type { ConversationRecord } from '../history/types';

/** The model a conversation chose; both null: the Settings default (the active provider's model). */
export interface ModelChoice {
  providerId: string | null;
  model: string | null;
}

/** A model an answer is asked of, as the chat start request names it. */
export interface ModelRef {
  providerId: string;
  model: string;
}

/** What a chat not saved yet will start with (the header's switcher and panel change it). */
export interface NewChatSettings extends ModelChoice {
  parameters: ChatParametersView;
}

export const settingsDefaultChoice: NewChatSettings = {
  providerId: null,
  model: null,
  parameters: {},
};

/**
 * The model a choice means now: its own provider and model, or, for the default (or a provider since
 * removed from Settings), the active provider and its default model. Null when there is none to ask.
 */
export function resolveModel(view: SettingsView | null, choice: ModelChoice): ModelRef | null {
  if (!view) return null;
  const chosen =
    choice.providerId === null ? undefined : view.providers.find((p) => p.id === choice.providerId);
  if (chosen) {
    const model = choice.model ?? chosen.defaultModel;
    return model ? { providerId: chosen.id, model } : null;
  }
  const active = view.providers.find((p) => p.id === view.preferences.activeProviderId);
  return active?.defaultModel ? { providerId: active.id, model: active.defaultModel } : null;
}

/**
 * A conversation's parameters as the contract accepts them. Storage gives back what was written, and
 * a value no longer acceptable (edited by hand, or a limit that changed) must not stop a send: the
 * conversation then asks with Settings' defaults, and the panel shows the stored values' problem.
 */
export function usableParameters(stored: unknown): ChatParametersView {
  if (stored === undefined || stored === null) return {};
  const parsed = chatParametersSchema.safeParse(stored);
  return parsed.success ? withoutUnset(parsed.data) : {};
}

/** Why the stored parameters are not used, in the contract's words; null when they are. */
export function storedParametersProblem(stored: unknown): string | null {
  if (stored === undefined || stored === null) return null;
  const parsed = chatParametersSchema.safeParse(stored);
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? 'They could not be read.');
}

/** Drops keys whose value is undefined, so "absent" is one thing in storage and in requests. */
export function withoutUnset(parameters: ChatParametersView): ChatParametersView {
  return Object.fromEntries(
    Object.entries(parameters).filter(([, value]) => value !== undefined),
  ) as ChatParametersView;
}

/** The choice and parameters a conversation record holds. */
export function conversationSettings(conversation: ConversationRecord): NewChatSettings {
  return {
    providerId: conversation.providerId,
    model: conversation.model,
    parameters: usableParameters(conversation.parameters),
  };
}
