/**
 * Recognises files people pick by mistake when importing (chat.html and the other files of ChatGPT's
 * export, other apps' exports, a Runnel backup in the ChatGPT importer and the other way round, a ZIP
 * where a JSON file was expected) so the error says what the file is and what to choose instead.
 * Nothing here supports those formats; ChatGPT's export ZIP is read by chatgpt-zip.ts.
 */

/** The text as JSON.parse should see it: without a UTF-8 byte order mark (Notepad adds one). */
export const withoutBom = (text: string): string =>
  text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;

/** How a ZIP archive starts: a file entry, or the end record of an empty one. */
const zipSignatures = ['PK\u0003\u0004', 'PK\u0005\u0006'];
const isZipStart = (text: string): boolean => zipSignatures.some((zip) => text.startsWith(zip));

/** True when the bytes start like a ZIP archive. */
export const startsLikeZip = (bytes: Uint8Array): boolean =>
  isZipStart(String.fromCharCode(...bytes.subarray(0, 4)));

/**
 * What a file that is not JSON at all is, from its first characters; null when it may be JSON.
 * `importer` is the import it was given to: a ZIP is welcome in the ChatGPT one only as a file, not as text.
 */
export const describeNonJson = (text: string, importer: 'backup' | 'chatgpt'): string | null => {
  const start = text.trimStart();
  if (start === '') return 'The file is empty.';
  if (isZipStart(start)) {
    return importer === 'backup'
      ? 'This is a ZIP archive, not a Runnel backup (a backup is one .json file). If it is ' +
          'ChatGPT’s data export, choose it with “Import ChatGPT…” instead.'
      : // Only a caller that read the ZIP as text gets here; the dialog hands the file itself over.
        'This is a ZIP archive read as text. Choose the ZIP file itself with “Import ChatGPT…”, ' +
          'which reads the conversations out of it.';
  }
  if (start.startsWith('<')) {
    return 'This is an HTML or XML page (such as chat.html from the ChatGPT export), not JSON.';
  }
  return null;
};

const asRecord = (value: unknown): Record<string, unknown> | null =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;

/** "a list", "a string", "an object with the keys a, b, c": for error messages. */
export const describeJsonValue = (value: unknown): string => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  const record = asRecord(value);
  if (record) {
    const keys = Object.keys(record);
    if (keys.length === 0) return 'an empty object';
    const shown = keys.slice(0, 5).map((key) => `"${key.slice(0, 40)}"`);
    return `an object with the keys ${shown.join(', ')}${keys.length > 5 ? ', …' : ''}`;
  }
  return typeof value === 'string' ? 'a string' : `a ${typeof value}`;
};

const chooseConversations =
  'choose conversations.json (or, in newer exports, each conversations-NNN.json in turn)';

/** Another app's export or another file of ChatGPT's export, described; null otherwise. */
export const describeForeignJson = (data: unknown): string | null => {
  const record = asRecord(data);
  if (record) {
    if (
      typeof record.conversationId === 'string' &&
      ('messages' in record || 'messagesTree' in record)
    ) {
      return 'This is a LibreChat conversation export, which Runnel does not import.';
    }
    if ('version' in record && Array.isArray(record.history)) {
      return 'This is a Chatbot UI export, which Runnel does not import.';
    }
    if ('email' in record || 'chatgpt_plus_user' in record || 'phone_number' in record) {
      return `This is user.json from the ChatGPT export, which holds no conversations: ${chooseConversations}.`;
    }
    return null;
  }
  if (!Array.isArray(data)) return null;
  const first = data.find((item) => asRecord(item) !== null) as Record<string, unknown> | undefined;
  if (!first) return null;
  if ('chat_messages' in first || ('uuid' in first && 'account' in first)) {
    return "This is Claude's data export (its conversations.json holds chat_messages), not ChatGPT's; Runnel does not import it.";
  }
  const chat = asRecord(first.chat);
  if (chat && ('history' in chat || 'messages' in chat)) {
    return 'This is an Open WebUI chat export, which Runnel does not import.';
  }
  if ('rating' in first && 'conversation_id' in first) {
    return `This is message_feedback.json from the ChatGPT export, which holds no messages: ${chooseConversations}.`;
  }
  if ('is_anonymous' in first && 'conversation_id' in first) {
    return `This is shared_conversations.json from the ChatGPT export, which holds only links: ${chooseConversations}.`;
  }
  return null;
};

/** True when `data` looks like ChatGPT conversations (a list of objects with a `mapping`, or one). */
export const looksLikeChatGpt = (data: unknown): boolean => {
  const items = Array.isArray(data) ? data : [data];
  return items.some((item) => asRecord(asRecord(item)?.mapping) !== null);
};
