/**
 * The chat store: owns the chat state, talks to `runnel.chat` and the HistoryClient, and turns
 * pushed stream events into at most one state update per frame.
 *
 * Components read it through useSyncExternalStore (see use-store.ts) and call its methods; all the
 * state transitions themselves live in chat-state.ts and message-view.ts.
 */
import { isTerminalView, type ChatParametersView, type RunnelApi } from '../../../preload/contract';
import type { NewConversationSettings } from '../assistants/conversation-settings';
import type { HistoryClient, HistoryStoreClient } from '../history/history-methods';
import { keepInHistory, sentFromHistory } from '../attachments/history-attachments';
import { withoutImages, type SentAttachment } from '../attachments/sent-attachment';
import type { ConversationRecord, DeletedSubtree, MessageRecord } from '../history/types';
import {
  chatReducer,
  initialChatState,
  liveAnswersOf,
  messagesOf,
  streamOf,
  type ChatAction,
  type ChatState,
} from './chat-state';
import { compareKey, comparisonWith, MAX_COMPARED, NEW_CHAT_KEY, sameModel } from './comparison';
import {
  conversationSettings,
  withoutUnset,
  type ModelChoice,
  type ModelRef,
} from './conversation-model';
import { requestMessages, titleFrom } from './conversation-request';
import { chatErrorFromIpc, presentError } from './error-presentation';
import {
  browserFrameClock,
  createFrameScheduler,
  type FrameClock,
  type FrameScheduler,
} from './frame-scheduler';
import { newId } from './ids';
import { readsImages } from './tool-activity';
import {
  awaitingAnswer,
  continuingAnswer,
  fromRecord,
  isLive,
  markInterrupted,
  toRecord,
  type MessageView,
} from './message-view';
import { StreamBuffer, type DrainedStream } from './stream-buffer';

/** What the store needs of history: reads and writes, and the start-up sweep of cut-off answers. */
export type ChatHistory = HistoryClient &
  Pick<HistoryStoreClient, 'markInterrupted'> &
  // Where a question's files are kept (by hash) and read back to send again after a reload.
  Partial<Pick<HistoryStoreClient, 'putAttachment' | 'readAttachment'>>;

export interface ChatStoreDeps {
  chat: RunnelApi['chat'];
  history: ChatHistory;
  now?: () => number;
  frameClock?: FrameClock;
  /** A streaming answer is saved at least this often. */
  persistIntervalMs?: number;
  /** Reports storage failures; the UI keeps working from memory. */
  onStorageError?: (error: unknown) => void;
  /** Tags every conversation this store starts, e.g. `quick-ask` in the quick-ask window. */
  newConversationTags?: readonly string[];
  /**
   * The model a conversation's choice means now (conversation-model.ts `resolveModel` over the
   * settings): each answer is asked of it by name and records it. Without it, main picks the
   * active provider's default and answers record no model.
   */
  resolveModel?: (choice: ModelChoice) => ModelRef | null;
  /**
   * Where the person's answers to tool calls' cards go (main/tools/tool-service.ts). Given only to a
   * window that shows the cards; its answers are then offered the connected servers' tools.
   */
  tools?: Pick<RunnelApi['tools'], 'decide'>;
  /**
   * Runs work that can wait until the window is idle (ConversationListPage: the rest of the list);
   * requestIdleCallback where there is one.
   */
  whenIdle?: (run: () => void) => void;
}

/** A delete of a message with everything below it: what Undo needs, or why it was refused. */
export type BranchDeleteResult =
  { ok: true; deleted: DeletedSubtree } | { ok: false; message: string };

/**
 * ConversationListPage: start-up lists this many conversations (several screens of the sidebar), and
 * the rest once the window is idle, so opening a history of 20,000 conversations costs what 200 do.
 */
const FIRST_LIST_PAGE = 200;

const whenBrowserIdle = (run: () => void): void => {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 2_000 });
  else setTimeout(run, 0);
};

/** Enough for any real conversation in one request; older pages are loaded before sending. */
const PAGE_SIZE = 200;
/**
 * A conversation opens on this many of its last messages (its last screen and more), so it shows
 * before a whole page is read; the list reads the page above once that screen is shown.
 */
const FIRST_SCREEN = 24;
/** A jump into a long conversation reads this many messages around the one jumped to, in one trip. */
const WINDOW_SIZE = 60;
/** The most a page read holds (store-reads.ts): catching up to the end before sending. */
const LARGEST_PAGE = 1_000;

export class ChatStore {
  private state: ChatState = initialChatState;
  private readonly listeners = new Set<() => void>();
  private readonly buffer = new StreamBuffer();
  private readonly frame: FrameScheduler;
  private readonly now: () => number;
  private readonly persistIntervalMs: number;
  /** Messages changed by streams but not yet saved. */
  private readonly dirty = new Set<string>();
  private persistTimer: ReturnType<typeof setTimeout> | null = null;
  /** Stop pressed before `chat.start` answered with the stream id. */
  private readonly stopRequested = new Set<string>();
  private unsubscribe: (() => void) | null = null;
  /** History writes not yet finished, so `flush` can wait for them. */
  private readonly writing = new Set<Promise<void>>();
  private readonly loadingOlder = new Set<string>();
  private readonly loadingNewer = new Set<string>();
  /** The conversations history listed last: one of them gone from the next list was deleted. */
  private listedBefore = new Set<string>();
  /** ConversationListPage: conversations being read on their own (readUnlisted). */
  private readonly readingUnlisted = new Set<string>();
  /** Counts this window's own branch reads and shows (showBranch), so a refresh can tell it lost. */
  private branchesShown = 0;
  /** messageId → the files it was sent with (see keepAttachments). */
  private readonly sentAttachments = new Map<string, readonly SentAttachment[]>();

  constructor(private readonly deps: ChatStoreDeps) {
    this.now = deps.now ?? Date.now;
    this.persistIntervalMs = deps.persistIntervalMs ?? 1_000;
    this.frame = createFrameScheduler(
      () => this.applyFrame(),
      deps.frameClock ?? browserFrameClock(),
      // Several answers at once (a comparison) are drawn every other frame (frame-scheduler.ts).
      { spaced: () => Object.keys(this.state.streams).length > 1 },
    );
  }

  // ---- external store ---------------------------------------------------------------------

  getState = (): ChatState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private dispatch(action: ChatAction): void {
    const next = chatReducer(this.state, action);
    if (next === this.state) return;
    this.state = next;
    for (const listener of this.listeners) listener();
  }

  // ---- start-up ---------------------------------------------------------------------------

  /** Loads history and re-attaches to streams that outlived a reload of this window. */
  async init(): Promise<void> {
    // Subscribe before asking for active streams, so no event falls between the two.
    this.unsubscribe = this.deps.chat.onStreamEvent((payload) => {
      if (this.buffer.push(payload)) this.frame.schedule();
    });
    await this.interruptStored();
    const listed = await this.deps.history.listConversations({ limit: FIRST_LIST_PAGE });
    this.listedBefore = new Set(listed.map((c) => c.id));
    this.dispatch({ type: 'conversationsLoaded', conversations: listed });
    // ConversationListPage: the rest as a reload of the list, which also drops any deleted meanwhile;
    // until it arrives, a conversation opened from beyond the first page is read on its own.
    if (listed.length >= FIRST_LIST_PAGE) {
      const stop = this.subscribe(() => void this.readUnlisted(this.state.activeConversationId));
      (this.deps.whenIdle ?? whenBrowserIdle)(() => void this.reloadConversations().finally(stop));
    }
    this.deps.history.onChange((change) => {
      if (change.type === 'conversations' || change.type === 'repaired')
        void this.reloadConversations();
      if (change.type === 'messages') void this.refreshChanged(change.conversationId);
    });

    const active = await this.deps.chat.listActive({});
    let reattached: string | null = null;
    const besides = new Set<string>();
    for (const stream of active.ok ? active.value : []) {
      await this.loadConversation(stream.conversationId, { markInterrupted: false });
      let message = this.state.messages[stream.messageId];
      if (!message) {
        // A comparison's answer beside the branch shown: read it too, so its end is saved.
        message = await this.loadBeside(stream.conversationId, stream.messageId);
        if (message) besides.add(stream.conversationId);
      }
      if (!message) {
        // Not one of ours (or history lost it): its events have nowhere to go.
        this.buffer.ignore(stream.streamId);
        continue;
      }
      this.dispatch({
        type: 'messageSaved',
        message: {
          ...message,
          content: stream.text,
          reasoning: stream.reasoning,
          status: stream.text.length > 0 ? 'streaming' : 'waiting',
          updatedAt: this.now(),
        },
      });
      this.attach(stream.streamId, message.id, stream.lastSeq);
      reattached ??= stream.conversationId;
    }
    for (const conversationId of besides) this.regroupComparison(conversationId);
    // Answers that were streaming when the window went away, and whose stream main no longer has.
    for (const conversationId of Object.keys(this.state.order))
      this.interruptOrphans(conversationId);
    // Open where a stream is still running; otherwise start on a fresh chat, like most chat apps.
    if (reattached) this.dispatch({ type: 'conversationOpened', conversationId: reattached });
  }

  /**
   * ConversationListPage: the conversation opened is not on the list's first page (a search hit, a
   * stream re-attached) and the rest has not arrived: read it on its own, so its title, model and
   * settings show at once.
   */
  private async readUnlisted(conversationId: string | null): Promise<void> {
    const listed = () => this.state.conversations.some((c) => c.id === conversationId);
    if (conversationId === null || listed() || this.readingUnlisted.has(conversationId)) return;
    this.readingUnlisted.add(conversationId);
    try {
      const conversation = await this.deps.history.getConversation(conversationId);
      if (conversation && !listed()) this.dispatch({ type: 'conversationSaved', conversation });
    } finally {
      this.readingUnlisted.delete(conversationId);
    }
  }

  /** A message of the conversation that is not on the branch shown, held beside it. */
  private async loadBeside(
    conversationId: string,
    messageId: string,
  ): Promise<MessageView | undefined> {
    const page = await this.deps.history.listMessages(conversationId, {
      leafId: messageId,
      limit: 1,
    });
    const record = page.messages.at(-1);
    if (record?.id !== messageId) return undefined;
    const view = this.viewOf(record);
    this.dispatch({ type: 'messageSaved', message: view });
    return view;
  }

  /**
   * After a reload: the answers still being written beside the last answer shown are its comparison
   * again, in the order they were asked (answers that already ended are its versions, a page away).
   */
  private regroupComparison(conversationId: string): void {
    const shown = messagesOf(this.state, conversationId).at(-1);
    if (shown?.role !== 'assistant' || shown.parentId === null) return;
    const live = new Set(Object.values(this.state.streams));
    const beside = Object.values(this.state.messages).filter(
      (m) =>
        m.conversationId === conversationId &&
        m.parentId === shown.parentId &&
        m.id !== shown.id &&
        live.has(m.id),
    );
    if (beside.length === 0) return;
    const answerIds = [shown, ...beside].sort((a, b) => a.createdAt - b.createdAt).map((m) => m.id);
    this.dispatch({
      type: 'comparisonStarted',
      conversationId,
      comparison: { questionId: shown.parentId, answerIds },
    });
  }

  dispose(): void {
    this.unsubscribe?.();
    this.frame.cancel();
    void this.flushDirty();
  }

  /**
   * Saves what is still only in memory and waits for every history write under way, so another
   * window that opens the conversation next (the quick-ask window's hand-over) reads all of it.
   */
  async flush(): Promise<void> {
    await this.flushDirty();
    while (this.writing.size > 0) await Promise.all([...this.writing]);
  }

  // ---- navigation -------------------------------------------------------------------------

  newConversation(): void {
    this.dispatch({ type: 'conversationOpened', conversationId: null });
  }

  /**
   * A new chat with an assistant's model and parameters (its system prompt among them). With opening
   * messages it is saved at once, named after the assistant, holding them; without, it waits for its
   * first message like any new chat, and is named after that.
   */
  async startWithAssistant(start: NewConversationSettings): Promise<void> {
    this.newConversation();
    this.dispatch({
      type: 'newChatSettingsChanged',
      settings: {
        providerId: start.providerId,
        model: start.model,
        parameters: withoutUnset(start.parameters),
      },
    });
    if (start.openingMessages.length === 0) return;
    const now = this.now();
    const conversation = await this.touchConversation(null, start.title, now);
    let parentId: string | null = null;
    const opening = start.openingMessages.map((line, index) => {
      const message = this.newMessage(conversation.id, line.role, now + index, parentId);
      message.content = line.content;
      message.status = 'complete';
      parentId = message.id;
      return message;
    });
    await this.saveMessages(opening);
    if (parentId !== null) await this.rememberLeaf(conversation.id, parentId);
  }

  // ---- model and parameters ------------------------------------------------------------------

  /**
   * The model the conversation's next answers are asked of (null: a new chat not saved yet, whose
   * first message then takes it). Both null in `choice`: Settings' default.
   */
  async chooseModel(conversationId: string | null, choice: ModelChoice): Promise<void> {
    if (conversationId === null) {
      this.dispatch({
        type: 'newChatSettingsChanged',
        settings: { ...this.state.newChat, ...choice },
      });
      return;
    }
    const conversation = this.state.conversations.find((c) => c.id === conversationId);
    if (!conversation) return;
    await this.saveConversationRecord({ ...conversation, ...choice });
  }

  /** The conversation's own parameters, in place of those it had ({} follows Settings again). */
  async setParameters(
    conversationId: string | null,
    parameters: ChatParametersView,
  ): Promise<void> {
    const kept = withoutUnset(parameters);
    if (conversationId === null) {
      this.dispatch({
        type: 'newChatSettingsChanged',
        settings: { ...this.state.newChat, parameters: kept },
      });
      return;
    }
    const conversation = this.state.conversations.find((c) => c.id === conversationId);
    if (!conversation) return;
    const { parameters: _replaced, ...rest } = conversation;
    await this.saveConversationRecord(
      Object.keys(kept).length > 0 ? { ...rest, parameters: kept } : rest,
    );
  }

  /**
   * A conversation grown past the model's context goes on in a new chat: the question this answer
   * was for, asked again there with the same model and parameters. The old conversation stays whole.
   */
  async newChatFrom(answerId: string): Promise<void> {
    const answer = this.state.messages[answerId];
    const question = answer?.parentId ? this.state.messages[answer.parentId] : undefined;
    const conversation = this.state.conversations.find((c) => c.id === answer?.conversationId);
    if (!question || question.role !== 'user' || !conversation) return;
    this.newConversation();
    this.dispatch({ type: 'newChatSettingsChanged', settings: conversationSettings(conversation) });
    await this.send(question.content);
  }

  private async saveConversationRecord(conversation: ConversationRecord): Promise<void> {
    this.dispatch({ type: 'conversationSaved', conversation });
    await this.guard(this.deps.history.saveConversation(conversation));
  }

  async openConversation(conversationId: string): Promise<void> {
    this.dispatch({ type: 'conversationOpened', conversationId });
    await this.loadConversation(conversationId, { markInterrupted: true });
  }

  /**
   * Pages the next older messages of a loaded conversation in (a conversation opens on its last
   * page). Resolves false when there is nothing older, or a page is already on its way. A jump to
   * a search hit deep in a long thread asks for larger pages (`limit`), so it takes fewer trips.
   */
  async loadOlderMessages(conversationId: string, limit = PAGE_SIZE): Promise<boolean> {
    if (!this.state.hasOlder[conversationId] || this.loadingOlder.has(conversationId)) return false;
    this.loadingOlder.add(conversationId);
    try {
      return (await this.loadOlderPage(conversationId, limit)) > 0;
    } finally {
      this.loadingOlder.delete(conversationId);
    }
  }

  /**
   * Opens a conversation on the messages around one of it (a search hit), on the branch shown or
   * else on the hit's own (remembered, as picking that version would): one read of a window, not of
   * every page between the end and the hit. Resolves whether the message is shown.
   */
  async openAround(conversationId: string, messageId: string): Promise<boolean> {
    this.dispatch({ type: 'conversationOpened', conversationId });
    if (this.state.order[conversationId]?.includes(messageId)) return true;
    this.branchesShown += 1;
    let page = await this.deps.history.listMessages(conversationId, {
      aroundId: messageId,
      limit: WINDOW_SIZE,
    });
    const onBranch = () => page.messages.some((m) => m.id === messageId);
    // Not while an answer of it streams: that answer stays on the branch shown (as showVersion).
    if (!onBranch() && !this.liveAnswer(conversationId)) {
      const leafId = (await this.deps.history.branchLeaf(messageId)) ?? messageId;
      await this.rememberLeaf(conversationId, leafId);
      page = await this.deps.history.listMessages(conversationId, {
        aroundId: messageId,
        leafId,
        limit: WINDOW_SIZE,
      });
    }
    if (!onBranch()) return false;
    this.branchesShown += 1;
    this.dispatch({
      type: 'branchShown',
      conversationId,
      messages: page.messages.map(this.viewOf),
      hasOlder: page.hasOlder,
      hasNewer: page.hasNewer ?? false,
      siblings: page.siblings,
    });
    this.interruptOrphans(conversationId);
    return true;
  }

  /**
   * Pages the next newer messages in below a window (see openAround). Resolves false when the
   * window reaches the end, or a page is already on its way.
   */
  async loadNewerMessages(conversationId: string, limit = PAGE_SIZE): Promise<boolean> {
    if (!this.state.hasNewer[conversationId] || this.loadingNewer.has(conversationId)) return false;
    this.loadingNewer.add(conversationId);
    try {
      return (await this.loadNewerPage(conversationId, limit)) > 0;
    } finally {
      this.loadingNewer.delete(conversationId);
    }
  }

  /** Shows the conversation's last page in place of a window in its middle ("Latest"). */
  async showLatest(conversationId: string): Promise<void> {
    await this.showBranch(conversationId, null);
  }

  /** A stream this store did not start and must not show (a conversation title being asked for). */
  ignoreStream(streamId: string): void {
    this.buffer.ignore(streamId);
  }

  async deleteConversation(conversationId: string): Promise<void> {
    for (const message of liveAnswersOf(this.state, conversationId)) this.cancel(message.id);
    this.dispatch({ type: 'conversationRemoved', conversationId });
    await this.guard(this.deps.history.deleteConversation(conversationId));
  }

  /** How many messages deleting this one removes: it and everything below it, on every branch. */
  async countBelow(messageId: string): Promise<number> {
    return this.deps.history.subtreeSize(messageId);
  }

  /**
   * Deletes a message with everything below it (every branch under it). The conversation then shows
   * the version before it (else after it), or its parent's branch. Refused, in words, while an answer
   * of the conversation streams. What it returns puts everything back (`restoreBranch`: Undo).
   */
  async deleteBranch(messageId: string): Promise<BranchDeleteResult> {
    const message = this.state.messages[messageId];
    if (!message) return { ok: false, message: 'That message is no longer there to delete.' };
    const conversationId = message.conversationId;
    if (this.liveAnswer(conversationId)) {
      return {
        ok: false,
        message: 'An answer is still being written. Stop it or let it finish, then delete.',
      };
    }
    let deleted: DeletedSubtree;
    try {
      deleted = await this.deps.history.deleteSubtree(messageId);
    } catch (error) {
      // A refusal (streaming elsewhere, already gone) is said where it was asked; storage trouble
      // also goes to the window's storage notice.
      const code = (error as { code?: unknown } | null)?.code;
      if (code !== 'not-found' && code !== 'bad-request') this.deps.onStorageError?.(error);
      return {
        ok: false,
        message:
          error instanceof Error && error.message
            ? error.message
            : 'The message could not be deleted. Try again.',
      };
    }
    this.rememberInState(conversationId, deleted.currentLeafId);
    // Whatever was deleted was on the branch shown, so at or above a comparison's question.
    this.dispatch({ type: 'comparisonEnded', conversationId });
    if (this.state.order[conversationId])
      await this.showBranch(conversationId, deleted.currentLeafId);
    return { ok: true, deleted };
  }

  /** Undo of `deleteBranch`: the messages back as they were, and the branch shown before. */
  async restoreBranch(deleted: DeletedSubtree): Promise<void> {
    const { conversationId, previousLeafId } = deleted;
    await this.guard(this.deps.history.saveMessages(deleted.messages));
    const conversation = this.rememberInState(conversationId, previousLeafId);
    if (conversation) await this.guard(this.deps.history.saveConversation(conversation));
    if (this.state.order[conversationId]) {
      const leaf = previousLeafId && (await this.deps.history.branchLeaf(previousLeafId));
      await this.showBranch(conversationId, leaf || null);
    }
  }

  // ---- sending ----------------------------------------------------------------------------

  /** A live answer of a conversation (of its comparison too), if one is streaming. */
  liveAnswer(conversationId: string | null): MessageView | null {
    return liveAnswersOf(this.state, conversationId)[0] ?? null;
  }

  // ---- several models at once (comparison.ts) --------------------------------------------------

  /**
   * The models the conversation's next questions go to, each answering beside the others (at most
   * four). One model is no comparison: it becomes the conversation's model, as the switcher would
   * make it, and the next answer is asked of it alone.
   */
  async setCompareTargets(
    conversationId: string | null,
    targets: readonly ModelRef[],
  ): Promise<void> {
    const unique = targets.filter(
      (target, index) => targets.findIndex((other) => sameModel(other, target)) === index,
    );
    const kept = unique.slice(0, MAX_COMPARED);
    const key = compareKey(conversationId);
    if (kept.length >= 2) {
      this.dispatch({ type: 'compareTargetsChanged', key, targets: kept });
      return;
    }
    this.dispatch({ type: 'compareTargetsChanged', key, targets: [] });
    const [only] = kept;
    if (only) await this.chooseModel(conversationId, only);
  }

  /** The models the conversation's next question goes to when it goes to several, else []. */
  compareTargets(conversationId: string | null): readonly ModelRef[] {
    const targets = this.state.compareTargets[compareKey(conversationId)] ?? [];
    return targets.length >= 2 ? targets : [];
  }

  /**
   * "Continue with this one": the answer becomes the branch shown and the comparison closes; the
   * other answers stay as its siblings (the version pager pages to them), and any still being
   * written goes on and is kept whole.
   */
  async keepAnswer(answerId: string): Promise<void> {
    const answer = this.state.messages[answerId];
    if (!answer) return;
    const conversationId = answer.conversationId;
    if (!comparisonWith(this.state.comparisons, conversationId, answerId)) return;
    this.dispatch({ type: 'comparisonEnded', conversationId });
    await this.rememberLeaf(conversationId, answerId);
    await this.showBranch(conversationId, answerId);
  }

  /** Stop: every answer of the conversation still being written (the composer's Stop, and Esc). */
  cancelAll(conversationId: string | null): void {
    for (const message of liveAnswersOf(this.state, conversationId)) this.cancel(message.id);
  }

  async send(text: string, attachments: readonly SentAttachment[] = []): Promise<void> {
    const content = text.trim();
    if (content === '' && attachments.length === 0) return;
    if (this.liveAnswer(this.state.activeConversationId)) return;
    const targets = this.compareTargets(this.state.activeConversationId);
    const now = this.now();
    const conversation = await this.touchConversation(
      this.state.activeConversationId,
      content || attachments.map((attachment) => attachment.name).join(', '),
      now,
    );
    if (this.liveAnswer(conversation.id)) return;
    // A new question goes on from the answer shown: a comparison left open ends with it.
    this.dispatch({ type: 'comparisonEnded', conversationId: conversation.id });
    // From the end of the branch, not from the end of a window in its middle.
    if (this.state.hasNewer[conversation.id]) await this.showLatest(conversation.id);
    const last = messagesOf(this.state, conversation.id).at(-1);
    // A message is never older than the one it follows, even two sends within a millisecond, so
    // time order and branch order agree.
    const at = Math.max(now, (last?.createdAt ?? 0) + 1);
    const user = this.newMessage(conversation.id, 'user', at, last?.id ?? null);
    user.content = content;
    user.status = 'complete';
    await this.keepAttachments(user, attachments);
    if (targets.length >= 2) {
      await this.sendToSeveral(conversation.id, user, at, targets);
      return;
    }
    const answer = this.newMessage(conversation.id, 'assistant', at + 1, user.id);
    await this.saveMessages([user, answer]);
    await this.rememberLeaf(conversation.id, answer.id);
    await this.startStream(answer.id);
  }

  /**
   * One question, several models: sibling answers, each naming its model before its first token
   * (as regenerate's do), streamed at once. The first model's is the branch shown until one is
   * chosen; each stream fails, retries and ends on its own.
   */
  private async sendToSeveral(
    conversationId: string,
    user: MessageView,
    at: number,
    targets: readonly ModelRef[],
  ): Promise<void> {
    const answers = targets.map((target, index) => ({
      ...this.newMessage(conversationId, 'assistant', at + 1 + index, user.id),
      model: target.model,
      providerId: target.providerId,
    }));
    const ids = answers.map((answer) => answer.id);
    this.dispatch({
      type: 'comparisonStarted',
      conversationId,
      comparison: { questionId: user.id, answerIds: ids },
      // A new question's answers are all its children: the one shown has its pager even when a
      // follow-up closes the comparison unchosen.
      siblings: Object.fromEntries(
        ids.map((id, index) => [
          id,
          {
            index: index + 1,
            count: ids.length,
            previousId: ids[index - 1] ?? null,
            nextId: ids[index + 1] ?? null,
          },
        ]),
      ),
    });
    await this.saveMessages([user, ...answers]);
    const first = answers[0];
    if (first) await this.rememberLeaf(conversationId, first.id);
    await Promise.all(answers.map((answer) => this.startStream(answer.id)));
  }

  /**
   * Regenerate: a new answer beside this one (a sibling to page to), the old one kept. Retry of an
   * answer that failed before any text answers in its place instead, since there is nothing to keep.
   */
  async regenerate(messageId: string): Promise<void> {
    const message = this.state.messages[messageId];
    if (!message || message.role !== 'assistant' || isLive(message.status)) return;
    const conversationId = message.conversationId;
    if (message.content.trim() === '' && message.status !== 'complete') {
      await this.saveMessages([awaitingAnswer(message, this.now())]);
      await this.touchConversation(conversationId, null, this.now());
      await this.startStream(messageId);
      return;
    }
    const now = this.now();
    const answer = this.newMessage(
      conversationId,
      'assistant',
      Math.max(now, message.createdAt + 1),
      message.parentId,
    );
    if (comparisonWith(this.state.comparisons, conversationId, messageId)) {
      await this.regenerateInColumn(message, answer);
      return;
    }
    await this.saveMessages([answer]);
    await this.touchConversation(conversationId, null, now, answer.id);
    await this.showBranch(conversationId, answer.id);
    await this.startStream(answer.id);
  }

  /**
   * Retry in a comparison's column: the new answer (same model) takes the column, the old one stays
   * a sibling; the other columns are left as they are.
   */
  private async regenerateInColumn(old: MessageView, answer: MessageView): Promise<void> {
    const conversationId = old.conversationId;
    const asked: MessageView = {
      ...answer,
      ...(old.model !== undefined ? { model: old.model } : {}),
      ...(old.providerId !== undefined ? { providerId: old.providerId } : {}),
    };
    const wasShown = (this.state.order[conversationId] ?? []).includes(old.id);
    this.dispatch({ type: 'comparisonAnswerReplaced', conversationId, from: old.id, to: asked.id });
    await this.saveMessages([asked]);
    await this.touchConversation(conversationId, null, this.now(), wasShown ? asked.id : undefined);
    await this.startStream(asked.id);
  }

  /**
   * Shows another version of a message (the `‹ 2 / 3 ›` pager): the branch through it, down to its
   * newest answer. Not while an answer of the conversation streams, so that answer stays in view.
   */
  async showVersion(messageId: string): Promise<void> {
    const message = this.state.messages[messageId] ?? null;
    const conversationId = message?.conversationId ?? this.state.activeConversationId;
    if (conversationId === null || this.liveAnswer(conversationId)) return;
    const leaf = (await this.deps.history.branchLeaf(messageId)) ?? messageId;
    await this.rememberLeaf(conversationId, leaf);
    await this.showBranch(conversationId, leaf);
  }

  /** Continue an interrupted answer from its partial text, into the same message. */
  async continueAnswer(messageId: string): Promise<void> {
    const message = this.state.messages[messageId];
    if (!message || message.role !== 'assistant' || isLive(message.status)) return;
    const resumeFrom = { text: message.content, reasoning: message.reasoning };
    await this.saveMessages([continuingAnswer(message, this.now())]);
    await this.startStream(messageId, resumeFrom);
  }

  /**
   * Edit a question: the edited one is a new version beside the old (a sibling), asked again; the old
   * question and everything that followed it stay, a page of the pager away.
   */
  async editAndResend(
    messageId: string,
    text: string,
    /** The edited question's files; by default the ones it had. */
    attachments?: readonly SentAttachment[],
  ): Promise<void> {
    const content = text.trim();
    const message = this.state.messages[messageId];
    const files = attachments ?? message?.attachments ?? [];
    if (!message || message.role !== 'user' || (content === '' && files.length === 0)) return;
    const conversationId = message.conversationId;
    if (this.liveAnswer(conversationId)) return;
    const now = Math.max(this.now(), message.createdAt + 1);
    const edited = this.newMessage(conversationId, 'user', now, message.parentId);
    edited.content = content;
    edited.status = 'complete';
    await this.keepAttachments(edited, files);
    const answer = this.newMessage(conversationId, 'assistant', now + 1, edited.id);
    await this.saveMessages([edited, answer]);
    await this.touchConversation(conversationId, null, now, answer.id);
    await this.showBranch(conversationId, answer.id);
    await this.startStream(answer.id);
  }

  /**
   * The provider refused the images of an answer's question: ask again without them, as an edit of
   * that question (a new version beside it), its text and other files kept.
   */
  async resendWithoutImages(answerId: string): Promise<void> {
    const answer = this.state.messages[answerId];
    const question = answer?.parentId ? this.state.messages[answer.parentId] : undefined;
    if (!question || question.role !== 'user') return;
    await this.editAndResend(
      question.id,
      question.content,
      withoutImages(question.attachments ?? []),
    );
  }

  /**
   * The person's answer to a tool call's card. A card that no longer waits (answered in another
   * window, or its answer stopped) is said so; the answer's own events settle the card.
   */
  async decideTool(
    messageId: string,
    callId: string,
    answer: 'once' | 'always' | 'deny',
  ): Promise<void> {
    const streamId = streamOf(this.state, messageId);
    if (!streamId || !this.deps.tools) return;
    const result = await this.deps.tools.decide({ streamId, callId, answer });
    if (!result.ok) this.announce(result.error.message);
  }

  /** Stop: main answers with a `cancelled` event that carries the partial text. */
  cancel(messageId: string): void {
    const streamId = streamOf(this.state, messageId);
    if (!streamId) {
      this.stopRequested.add(messageId);
      return;
    }
    void this.deps.chat.cancel({ streamId }).then((result) => {
      const message = this.state.messages[messageId];
      // The stream was already gone in main: nothing will push `cancelled`, so settle it here.
      if (!result.ok && message && isLive(message.status)) {
        this.settle(streamId, {
          ...message,
          status: 'cancelled',
          retry: null,
          updatedAt: this.now(),
        });
      }
    });
  }

  // ---- streams ----------------------------------------------------------------------------

  private async startStream(
    messageId: string,
    resumeFrom?: { text: string; reasoning: string },
  ): Promise<void> {
    const stored = this.state.messages[messageId];
    if (!stored) return;
    await this.ensureFullyLoaded(stored.conversationId);
    await this.recallAttachments(stored.conversationId, messageId);
    const messages = requestMessages(this.pathTo(stored), messageId);
    if (messages.length === 0) return;
    const { asked, parameters } = this.askedOf(stored, resumeFrom !== undefined);
    // The answer names the model asked before the first token, so a reload still knows it. A fresh
    // answer starts with no note of dropped parameters; Continue keeps the one it had.
    const { droppedParameters: _earlier, ...fresh } = stored;
    const message: MessageView = {
      ...(resumeFrom ? stored : fresh),
      ...(asked ? { model: asked.model, providerId: asked.providerId } : {}),
    };
    if (message.model !== stored.model || message.droppedParameters !== stored.droppedParameters)
      await this.saveMessages([message]);
    const result = await this.deps.chat.start({
      conversationId: message.conversationId,
      messageId,
      messages,
      ...(asked ? { providerId: asked.providerId, model: asked.model } : {}),
      ...(Object.keys(parameters).length > 0 ? { parameters } : {}),
      ...(resumeFrom ? { resumeFrom } : {}),
      // Only a window that shows approval cards offers tools: an unseen card would wait forever.
      ...(this.deps.tools ? { tools: true } : {}),
      // Tool results' images go to a model known to read them (else it is told they were shown).
      ...(this.deps.tools && asked && readsImages(asked) ? { toolImages: true } : {}),
    });
    const current = this.state.messages[messageId] ?? message;
    if (!result.ok) {
      const error = chatErrorFromIpc(result.error);
      await this.saveMessages([
        {
          ...current,
          status: 'error',
          error,
          resumable: false,
          retry: null,
          updatedAt: this.now(),
        },
      ]);
      this.announce(`${presentError(error, false).title}. ${error.message}`);
      return;
    }
    this.attach(result.value.streamId, messageId, 0);
    if (this.stopRequested.delete(messageId)) this.cancel(messageId);
  }

  /**
   * The messages from the first to `message`: the branch shown, or, for an answer beside it (a
   * comparison's other columns), the branch shown up to its question, then the answer.
   */
  private pathTo(message: MessageView): MessageView[] {
    const shown = messagesOf(this.state, message.conversationId);
    if (shown.some((m) => m.id === message.id)) return shown;
    const parent = shown.findIndex((m) => m.id === message.parentId);
    return parent < 0 ? shown : [...shown.slice(0, parent + 1), message];
  }

  /**
   * The model an answer is asked of and the parameters it is sent with: the conversation's. Continue
   * asks the model that wrote the partial answer, so one answer is never two models' text.
   */
  private askedOf(
    message: MessageView,
    continuing: boolean,
  ): { asked: ModelRef | null; parameters: ChatParametersView } {
    const conversation = this.state.conversations.find((c) => c.id === message.conversationId);
    const settings = conversation
      ? conversationSettings(conversation)
      : { providerId: null, model: null, parameters: {} };
    const resolve = this.deps.resolveModel ?? (() => null);
    // A comparison's answer is its own model's, whatever the conversation's model is.
    const ownModel =
      continuing || comparisonWith(this.state.comparisons, message.conversationId, message.id);
    const asked =
      ownModel && message.providerId !== undefined && message.model !== undefined
        ? (resolve({ providerId: message.providerId, model: message.model }) ?? resolve(settings))
        : resolve(settings);
    return { asked, parameters: settings.parameters };
  }

  private attach(streamId: string, messageId: string, appliedSeq: number): void {
    this.dispatch({ type: 'streamAttached', streamId, messageId });
    this.buffer.attach(streamId, appliedSeq);
    // Events may already be waiting for this stream.
    if (this.buffer.hasPending()) this.frame.schedule();
  }

  /** One frame: everything that arrived since the last one, applied in a single update. */
  private applyFrame(): void {
    const drained = this.buffer.drain();
    if (drained.length === 0) return;
    this.dispatch({ type: 'streamEventsArrived', streams: drained, now: this.now() });
    for (const stream of drained) {
      this.afterEvents(stream);
      // Drawn in this frame: main sends the stream's next event only now, so no frame gets two.
      if (!stream.events.some(isTerminalView))
        void this.deps.chat.streamShown({ streamId: stream.streamId, seq: stream.lastSeq });
    }
  }

  private afterEvents({ streamId, events }: DrainedStream): void {
    const messageId = this.state.streams[streamId];
    const message = messageId ? this.state.messages[messageId] : undefined;
    if (!message) return;
    const terminal = events.find(isTerminalView);
    if (!terminal) {
      this.markDirty(message.id);
      return;
    }
    this.settle(streamId, message);
  }

  /** The stream ended: release it, save the final message now, and say so politely. */
  private settle(streamId: string, message: MessageView): void {
    this.buffer.release(streamId);
    this.dispatch({ type: 'streamReleased', streamId });
    this.dirty.delete(message.id);
    void this.saveMessages([message]);
    if (message.status === 'complete') this.announce('Answer complete');
    else if (message.status === 'cancelled') this.announce('Stopped');
    else if (message.error) {
      this.announce(
        `${presentError(message.error, message.resumable).title}. ${message.error.message}`,
      );
    }
  }

  // ---- persistence ------------------------------------------------------------------------

  private markDirty(messageId: string): void {
    this.dirty.add(messageId);
    // Not debounced: a timer already running fires on time, so a stream is saved every interval.
    this.persistTimer ??= setTimeout(() => void this.flushDirty(), this.persistIntervalMs);
  }

  private async flushDirty(): Promise<void> {
    if (this.persistTimer !== null) clearTimeout(this.persistTimer);
    this.persistTimer = null;
    const batch = [...this.dirty].flatMap((id) => {
      const message = this.state.messages[id];
      return message ? [toRecord(message)] : [];
    });
    this.dirty.clear();
    if (batch.length > 0) await this.guard(this.deps.history.saveMessages(batch));
  }

  private async saveMessages(messages: MessageView[]): Promise<void> {
    for (const message of messages) this.dispatch({ type: 'messageSaved', message });
    await this.guard(this.deps.history.saveMessages(messages.map(toRecord)));
  }

  private async touchConversation(
    conversationId: string | null,
    firstMessage: string | null,
    now: number,
    /** The branch to show from now on, if it changes (see rememberLeaf). */
    currentLeafId?: string,
  ): Promise<ConversationRecord> {
    const existing =
      this.state.conversations.find((c) => c.id === conversationId) ??
      // ConversationListPage: one opened before the rest of the list arrived is in history all the same.
      (conversationId === null
        ? undefined
        : ((await this.deps.history.getConversation(conversationId)) ?? undefined));
    const conversation: ConversationRecord = existing
      ? { ...existing, updatedAt: now, currentLeafId: currentLeafId ?? existing.currentLeafId }
      : {
          id: newId(),
          title: titleFrom(firstMessage ?? ''),
          createdAt: now,
          updatedAt: now,
          pinned: false,
          model: this.state.newChat.model,
          providerId: this.state.newChat.providerId,
          tags: [...(this.deps.newConversationTags ?? [])],
          currentLeafId: currentLeafId ?? null,
          ...(Object.keys(this.state.newChat.parameters).length > 0
            ? { parameters: this.state.newChat.parameters }
            : {}),
        };
    this.dispatch({ type: 'conversationSaved', conversation });
    if (!existing) {
      // The models a new chat was to compare go with it.
      const targets = this.state.compareTargets[NEW_CHAT_KEY];
      if (targets) {
        this.dispatch({ type: 'compareTargetsChanged', key: NEW_CHAT_KEY, targets: [] });
        this.dispatch({ type: 'compareTargetsChanged', key: conversation.id, targets });
      }
      this.dispatch({
        type: 'messagesLoaded',
        conversationId: conversation.id,
        messages: [],
        hasOlder: false,
        siblings: {},
      });
      this.dispatch({ type: 'conversationOpened', conversationId: conversation.id });
    }
    await this.guard(this.deps.history.saveConversation(conversation));
    return conversation;
  }

  /**
   * Shows the branch that ends at `leafId` in place of the one shown. Asked for by its leaf, not as
   * "the branch remembered": another window may have remembered its own branch in the meantime.
   */
  private async showBranch(conversationId: string, leafId: string | null): Promise<void> {
    // Before the read and at the show: a refresh that began before either shows nothing.
    this.branchesShown += 1;
    const page = await this.deps.history.listMessages(conversationId, {
      limit: PAGE_SIZE,
      ...(leafId === null ? {} : { leafId }),
    });
    this.branchesShown += 1;
    this.dispatch({
      type: 'branchShown',
      conversationId,
      messages: page.messages.map(this.viewOf),
      hasOlder: page.hasOlder,
      siblings: page.siblings,
    });
  }

  /** The conversation's record here, with the leaf history now remembers for it. */
  private rememberInState(
    conversationId: string,
    currentLeafId: string | null,
  ): ConversationRecord | null {
    const conversation = this.state.conversations.find((c) => c.id === conversationId);
    if (!conversation) return null;
    const remembered = { ...conversation, currentLeafId };
    this.dispatch({ type: 'conversationSaved', conversation: remembered });
    return remembered;
  }

  /**
   * The conversation opens on this branch next time, in this window or another. A send saves the
   * conversation before its messages exist (they refer to it), so it remembers their leaf after.
   */
  private async rememberLeaf(conversationId: string, leafId: string): Promise<void> {
    const conversation = this.state.conversations.find((c) => c.id === conversationId);
    if (!conversation || conversation.currentLeafId === leafId) return;
    const remembered = { ...conversation, currentLeafId: leafId };
    this.dispatch({ type: 'conversationSaved', conversation: remembered });
    await this.guard(this.deps.history.saveConversation(remembered));
  }

  /** Sent files live here as well as on the view, so reloading a page from history keeps them. */
  /**
   * A question's files: shown and sent from memory this session, and kept in history (bytes once by
   * hash) so the question still has them after a restart. If history cannot keep them, this session
   * still sends them and the storage notice says why.
   */
  private async keepAttachments(
    message: MessageView,
    attachments: readonly SentAttachment[],
  ): Promise<void> {
    if (attachments.length === 0) return;
    message.attachments = attachments;
    this.sentAttachments.set(message.id, attachments);
    const history = this.deps.history;
    if (!history.putAttachment) return;
    try {
      message.storedAttachments = await keepInHistory(
        { putAttachment: history.putAttachment.bind(history) },
        attachments,
      );
    } catch (error) {
      this.deps.onStorageError?.(error);
    }
  }

  /**
   * Files of the questions on the way to `messageId` that this session has only as history's refs
   * (after a reload): read back, so Resume, Continue and Regenerate send the same parts again.
   */
  private async recallAttachments(conversationId: string, messageId: string): Promise<void> {
    const history = this.deps.history;
    if (!history.readAttachment) return;
    const path = messagesOf(this.state, conversationId);
    const upTo = path.findIndex((message) => message.id === messageId);
    for (const message of upTo < 0 ? path : path.slice(0, upTo)) {
      if (message.attachments?.length || !message.storedAttachments?.length) continue;
      const sent = await sentFromHistory(
        { readAttachment: history.readAttachment.bind(history) },
        message.storedAttachments,
      ).catch((error: unknown) => {
        this.deps.onStorageError?.(error);
        return [];
      });
      if (sent.length === 0) continue;
      this.sentAttachments.set(message.id, sent);
      this.dispatch({ type: 'messageSaved', message: { ...message, attachments: sent } });
    }
  }

  /** A stored message as shown: with the files it was sent with in this session. */
  private readonly viewOf = (record: MessageRecord): MessageView => {
    const view = fromRecord(record);
    const attachments = this.sentAttachments.get(view.id);
    return attachments && !view.attachments ? { ...view, attachments } : view;
  };

  private newMessage(
    conversationId: string,
    role: 'user' | 'assistant',
    createdAt: number,
    parentId: string | null,
  ): MessageView {
    return {
      id: newId(),
      conversationId,
      parentId,
      role,
      content: '',
      reasoning: '',
      status: role === 'assistant' ? 'waiting' : 'complete',
      finishReason: null,
      usage: null,
      error: null,
      resumable: false,
      retry: null,
      resumes: 0,
      createdAt,
      updatedAt: createdAt,
    };
  }

  // ---- loading ----------------------------------------------------------------------------

  private async loadConversation(
    conversationId: string,
    options: { markInterrupted: boolean },
  ): Promise<void> {
    // Opened again after a jump: on its last page, as a conversation opens.
    if (this.state.hasNewer[conversationId]) await this.showLatest(conversationId);
    if (this.state.order[conversationId]) return;
    const page = await this.deps.history.listMessages(conversationId, { limit: FIRST_SCREEN });
    // A jump into it (openAround) meanwhile wins: this page would not join its window.
    if (this.state.order[conversationId]) return;
    this.dispatch({
      type: 'messagesLoaded',
      conversationId,
      messages: page.messages.map(this.viewOf),
      hasOlder: page.hasOlder,
      siblings: page.siblings,
    });
    if (options.markInterrupted) this.interruptOrphans(conversationId);
  }

  /** Requests carry the whole conversation, so older pages must be in memory before sending. */
  private async ensureFullyLoaded(conversationId: string): Promise<void> {
    while (this.state.hasOlder[conversationId]) await this.loadOlderPage(conversationId);
    while (this.state.hasNewer[conversationId])
      await this.loadNewerPage(conversationId, LARGEST_PAGE);
  }

  /** The page before the oldest message in memory; returns how many messages it held. */
  private async loadOlderPage(conversationId: string, limit = PAGE_SIZE): Promise<number> {
    const oldest = messagesOf(this.state, conversationId)[0];
    const shown = this.branchesShown;
    const page = await this.deps.history.listMessages(conversationId, {
      ...(oldest ? { beforeId: oldest.id } : {}),
      limit,
    });
    // Another branch or window shown meanwhile: this page is above what was shown, not above it.
    if (this.branchesShown !== shown) return 0;
    this.dispatch({
      type: 'messagesLoaded',
      conversationId,
      messages: page.messages.map(this.viewOf),
      hasOlder: page.hasOlder && page.messages.length > 0,
      siblings: page.siblings,
    });
    return page.messages.length;
  }

  /** The page after the newest message in memory, below a window; returns how many it held. */
  private async loadNewerPage(conversationId: string, limit = PAGE_SIZE): Promise<number> {
    const newest = messagesOf(this.state, conversationId).at(-1);
    if (!newest) return 0;
    const shown = this.branchesShown;
    const page = await this.deps.history.listMessages(conversationId, {
      afterId: newest.id,
      limit,
    });
    if (this.branchesShown !== shown) return 0;
    this.dispatch({
      type: 'messagesLoaded',
      conversationId,
      messages: page.messages.map(this.viewOf),
      hasOlder: this.state.hasOlder[conversationId] ?? false,
      hasNewer: (page.hasNewer ?? false) && page.messages.length > 0,
      siblings: page.siblings,
    });
    return page.messages.length;
  }

  // ---- interrupted answers -----------------------------------------------------------------
  // An answer stored as streaming whose stream no window runs any more was cut off (its window
  // closed, crashed or reloaded): it becomes `interrupted`, with Continue and Retry. Streams of
  // other windows (quick ask) count as running, so their live answers are left alone; and without
  // an answer from main nothing is known to be cut off, so nothing is marked. This store is the one
  // place that marks them, in both windows: every stored answer at start (one indexed update in
  // history), then the messages of each conversation as it loads, for windows lost since.

  private async interruptStored(): Promise<void> {
    try {
      const live = await this.deps.chat.listLive({});
      if (live.ok) await this.deps.history.markInterrupted(live.value.messageIds);
    } catch (error) {
      // The window still starts; a cut-off answer is then marked when its conversation loads.
      console.error('Runnel could not check for interrupted answers', error);
    }
  }

  private interruptOrphans(conversationId: string): void {
    const attached = new Set(Object.values(this.state.streams));
    const candidates = messagesOf(this.state, conversationId).filter(
      (m) => isLive(m.status) && !attached.has(m.id) && !this.stopRequested.has(m.id),
    );
    if (candidates.length === 0) return;
    void this.deps.chat.listLive({}).then((live) => {
      if (!live.ok) return;
      const elsewhere = new Set(live.value.messageIds);
      const orphans = candidates.filter((m) => !elsewhere.has(m.id));
      if (orphans.length > 0)
        void this.saveMessages(orphans.map((m) => markInterrupted(m, this.now())));
    });
  }

  private async reloadConversations(): Promise<void> {
    const conversations = await this.deps.history.listConversations();
    this.dispatch({ type: 'conversationsLoaded', conversations });
    // Loaded here but gone from history: another window deleted it (a conversation this window
    // has only begun, not yet listed, is not among those listed before, so it stays).
    const listed = new Set(conversations.map((c) => c.id));
    for (const id of this.listedBefore) {
      if (!listed.has(id) && this.state.order[id] && !this.liveAnswer(id))
        this.dispatch({ type: 'conversationRemoved', conversationId: id });
    }
    this.listedBefore = listed;
  }

  /**
   * A conversation's messages changed in history (another window deleted, put back, edited or
   * answered): a conversation loaded here shows its branch again as history has it, from the
   * message it ends on (or, if that went, the branch history remembers). Not while an answer of
   * it streams here, and after this window's own writes: its own changes are announced too.
   */
  private async refreshChanged(conversationId: string): Promise<void> {
    const loaded = () => this.state.order[conversationId] && !this.liveAnswer(conversationId);
    if (!loaded()) return;
    while (this.writing.size > 0) await Promise.all([...this.writing]);
    if (!loaded()) return;
    // This window showing a branch itself meanwhile (Undo, a version picked) wins over the refresh.
    const shownBefore = this.branchesShown;
    const last = this.state.order[conversationId]?.at(-1);
    const leaf = last === undefined ? null : await this.deps.history.branchLeaf(last);
    const page = await this.deps.history.listMessages(conversationId, {
      limit: PAGE_SIZE,
      ...(leaf === null ? {} : { leafId: leaf }),
    });
    if (!loaded() || this.branchesShown !== shownBefore) return;
    // A message history holds as this window shows it keeps its view: what only the window knows
    // (that an answer resumed after a drop, say) is not in history, and its own writes come back here.
    const unchanged = (fresh: MessageView): MessageView => {
      const shown = this.state.messages[fresh.id];
      return shown &&
        shown.content === fresh.content &&
        shown.reasoning === fresh.reasoning &&
        shown.status === fresh.status
        ? shown
        : fresh;
    };
    this.dispatch({
      type: 'branchShown',
      conversationId,
      messages: page.messages.map((record) => unchanged(this.viewOf(record))),
      hasOlder: page.hasOlder,
      siblings: page.siblings,
    });
  }

  private announce(text: string): void {
    this.dispatch({ type: 'announced', text });
  }

  private async guard(work: Promise<void>): Promise<void> {
    this.writing.add(work);
    try {
      await work;
    } catch (error) {
      this.deps.onStorageError?.(error);
    } finally {
      this.writing.delete(work);
    }
  }
}
