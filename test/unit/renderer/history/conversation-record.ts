/** A stored conversation for the history tests: plain defaults, with `patch` over them. */
export const conversationRecord = (id: string, patch: { title?: string } = {}) => ({
  id,
  title: `Conversation ${id}`,
  createdAt: 1,
  updatedAt: 1,
  pinned: false,
  model: null,
  providerId: null,
  tags: [] as string[],
  ...patch,
});
