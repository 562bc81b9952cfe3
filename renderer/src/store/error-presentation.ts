/** How each kind of failure reads, and what the user can do about it. */
import type { ChatErrorView, IpcError } from '../../../preload/contract';

export type ErrorAction = 'settings' | 'retry' | 'continue' | 'newChat';

export interface ErrorPresentation {
  title: string;
  /** First is the primary action. */
  actions: ErrorAction[];
}

const TITLES: Record<ChatErrorView['code'], string> = {
  auth: 'The provider did not accept the API key',
  not_found: 'The model or address was not found',
  rate_limit: 'The provider is rate limiting requests',
  quota: 'The account is out of quota',
  server: 'The provider had a server error',
  network: 'Could not reach the provider',
  offline: 'You are offline',
  timeout: 'The provider stopped answering',
  bad_request: 'The provider refused the request',
  bad_response: 'The provider sent an answer Runnel could not read',
  cancelled: 'Stopped',
};

/** Settings fixes what the user configured; Retry is for what may pass by itself. */
const ACTIONS: Record<ChatErrorView['code'], ErrorAction[]> = {
  auth: ['settings'],
  not_found: ['settings'],
  quota: ['settings'],
  bad_request: ['settings', 'retry'],
  rate_limit: ['retry'],
  server: ['retry'],
  network: ['retry'],
  offline: ['retry'],
  timeout: ['retry'],
  bad_response: ['retry'],
  cancelled: ['retry'],
};

/**
 * The provider's words for a request longer than the model's context, as providers say them: OpenAI,
 * DeepSeek and vLLM ("maximum context length", code context_length_exceeded), llama.cpp ("exceeds the
 * available context size"), Mistral ("too large for model with … maximum context length"), Gemini
 * ("exceeds the maximum number of tokens allowed"), Anthropic-style gateways ("prompt is too long"),
 * Groq ("reduce the length of the messages").
 */
const CONTEXT_TOO_LONG =
  /maximum context length|context[_ ]length[_ ]exceeded|exceeds the (available )?context|context (window|size) (is )?exceeded|exceeds the maximum number of tokens|prompt is too long|reduce the length of the messages/i;

/** A refusal because the conversation no longer fits the model's context. */
export const isContextTooLong = (error: ChatErrorView): boolean =>
  error.code === 'bad_request' && CONTEXT_TOO_LONG.test(error.message);

export function presentError(error: ChatErrorView, resumable: boolean): ErrorPresentation {
  // Retry would be refused the same way: a new chat from the question is the way on.
  if (isContextTooLong(error)) {
    return {
      title: 'The conversation is too long for this model',
      actions: ['newChat', 'settings'],
    };
  }
  const actions = ACTIONS[error.code];
  return {
    title: TITLES[error.code],
    // Continue keeps what was already streamed, so it comes first; Retry stays as the fallback.
    actions: resumable
      ? [
          'continue',
          ...actions.filter((a) => a !== 'continue'),
          ...(actions.includes('retry') ? [] : ['retry' as const]),
        ]
      : actions,
  };
}

export const ACTION_LABELS: Record<ErrorAction, string> = {
  settings: 'Open settings',
  retry: 'Retry',
  continue: 'Continue',
  newChat: 'Start a new chat from here',
};

/** `chat.start` itself can be refused (no provider, no key): show it like a stream failure. */
export function chatErrorFromIpc(error: IpcError): ChatErrorView {
  switch (error.code) {
    case 'key_required':
      return { code: 'auth', message: error.message };
    case 'not_found':
      return { code: 'not_found', message: error.message };
    case 'unavailable':
      return { code: 'network', message: error.message };
    default:
      return { code: 'bad_request', message: error.message };
  }
}
