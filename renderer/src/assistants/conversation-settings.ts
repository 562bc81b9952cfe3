/**
 * What a chat started with an assistant begins with: its title, model, parameters (the system prompt
 * among them) and opening messages. Pure, so the chat store only has to write what this says.
 */
import type { ChatParametersView } from '../../../preload/contract';
import type { AssistantOpeningMessage, AssistantRecord } from '../history/types';

export interface NewConversationSettings {
  /** The chat is named after the assistant until the person renames it. */
  title: string;
  /** Both null: the Settings default model. */
  providerId: string | null;
  model: string | null;
  /** Over Settings' defaults, as a conversation keeps them; no key set: Settings' values. */
  parameters: ChatParametersView;
  /** The first messages of the chat, oldest first. */
  openingMessages: AssistantOpeningMessage[];
  /** Why the assistant's model is not used, when it is not; null when it is (or it has none). */
  modelNotice: string | null;
}

/**
 * `providerIds` are the providers set up on this machine: an assistant imported from elsewhere, or
 * whose provider was removed, names one that is not, and its chats then use the default model
 * rather than fail on every message.
 */
export const conversationSettingsFor = (
  assistant: AssistantRecord,
  providerIds: ReadonlySet<string>,
): NewConversationSettings => {
  const known = assistant.providerId !== null && providerIds.has(assistant.providerId);
  const wantsModel = assistant.providerId !== null || assistant.model !== null;
  // A written system prompt is the assistant's; an empty one leaves Settings' in force, unless the
  // assistant says "no system prompt" (null), which then sends none at all.
  const { systemPrompt: none, ...rest } = assistant.parameters as ChatParametersView;
  const parameters: ChatParametersView = none === null ? { ...rest, systemPrompt: null } : rest;
  return {
    title: assistant.name,
    providerId: known ? assistant.providerId : null,
    model: known ? assistant.model : null,
    parameters:
      assistant.systemPrompt.trim() === ''
        ? parameters
        : { ...parameters, systemPrompt: assistant.systemPrompt },
    openingMessages: assistant.openingMessages.filter((m) => m.content.trim() !== ''),
    modelNotice:
      wantsModel && !known
        ? `${assistant.name}’s model (${assistant.model ?? 'the default'} from “${assistant.providerId ?? 'no provider'}”) is not set up here, so this chat uses your default model.`
        : null,
  };
};
