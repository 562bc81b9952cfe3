/** Ids for conversations and messages: random, so two windows never collide. */
export function newId(): string {
  // randomUUID needs a secure context; app:// and localhost are, but a fallback costs nothing.
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
