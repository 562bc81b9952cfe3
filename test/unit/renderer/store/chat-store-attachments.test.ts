/**
 * The chat store with attachments (issue 26 items 1 and 5): a question's files go with every request
 * that carries it (the first, Regenerate, Continue), survive the page being read back from history,
 * and "Resend without images" asks again as a new version of the question without its images.
 */
import { describe, expect, it } from 'vitest';
import type { IpcResult, RunnelApi } from '../../../../preload/contract';
import type { SentAttachment } from '../../../../renderer/src/attachments/sent-attachment';
import { messagesOf } from '../../../../renderer/src/store/chat-state';
import { ChatStore } from '../../../../renderer/src/store/chat-store';
import { createMemoryStoreClient } from '../../../../renderer/src/history/memory-store-client';
import { createMemoryHistory } from '../../../../renderer/src/store/memory-history';
import { manualFrames } from '../../../support/manual-frames';

type Chat = RunnelApi['chat'];
type StartPayload = Parameters<Chat['start']>[0];
type Listener = Parameters<Chat['onStreamEvent']>[0];

function fakeChat() {
  const starts: StartPayload[] = [];
  const listeners = new Set<Listener>();
  let next = 1;
  const ok = <T>(value: T): IpcResult<T> => ({ ok: true, value });
  const chat: Chat = {
    start: async (payload) => {
      starts.push(payload);
      return ok({ streamId: `s${next++}` });
    },
    cancel: async () => ok({}),
    listActive: async () => ok([]),
    streamShown: async () => ok({}),
    listLive: async () => ok({ messageIds: [] }),
    onStreamEvent: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  let seq = 0;
  const push: Listener = (payload) => {
    for (const listener of listeners) listener(payload);
  };
  return {
    chat,
    starts,
    fail: (streamId: string, status: number, message: string) =>
      push({
        streamId,
        seq: ++seq,
        event: {
          type: 'failed',
          error: { code: 'bad_request', message, status },
          resumable: false,
          text: '',
          reasoning: '',
        },
      }),
    interrupt: (streamId: string, text: string) =>
      push({
        streamId,
        seq: ++seq,
        event: {
          type: 'failed',
          error: { code: 'network', message: 'The connection dropped.' },
          resumable: true,
          text,
          reasoning: '',
        },
      }),
    done: (streamId: string, text: string) =>
      push({
        streamId,
        seq: ++seq,
        event: { type: 'done', finishReason: 'stop', usage: null, text, reasoning: '' },
      }),
  };
}

const photo: SentAttachment = {
  kind: 'image',
  name: 'cat.jpg',
  mime: 'image/jpeg',
  bytes: Uint8Array.from([1, 2, 3]).buffer,
  dataUrl: 'data:image/jpeg;base64,AQID',
  size: 3,
  width: 1,
  height: 1,
};
const notes: SentAttachment = {
  kind: 'text',
  name: 'notes.txt',
  mime: 'text/plain',
  text: 'notes.txt\n\n```text\nmilk\n```',
  size: 5,
};

async function started() {
  const fake = fakeChat();
  const frames = manualFrames();
  const history = createMemoryHistory();
  const store = new ChatStore({ chat: fake.chat, history, frameClock: frames.clock });
  await store.init();
  return { fake, frames, store, history };
}

describe('ChatStore with attachments', () => {
  it('sends the files with the question: image bytes as an ArrayBuffer, a text file as text', async () => {
    const { fake, store } = await started();
    await store.send('What is this?', [photo, notes]);
    expect(fake.starts[0]?.messages).toEqual([
      {
        role: 'user',
        content: 'What is this?',
        attachments: [
          { kind: 'image', name: 'cat.jpg', mime: 'image/jpeg', bytes: photo.bytes },
          { kind: 'text', name: 'notes.txt', text: notes.text },
        ],
      },
    ]);
    const [question] = messagesOf(store.getState(), store.getState().activeConversationId);
    expect(question?.attachments).toEqual([photo, notes]);
  });

  it('sends a question that is files alone, named after them', async () => {
    const { fake, store } = await started();
    await store.send('   ', [photo]);
    expect(fake.starts[0]?.messages).toEqual([
      { role: 'user', content: '', attachments: [expect.objectContaining({ name: 'cat.jpg' })] },
    ]);
    expect(store.getState().conversations[0]?.title).toBe('cat.jpg');
  });

  it('sends nothing with neither text nor files', async () => {
    const { fake, store } = await started();
    await store.send('  ', []);
    expect(fake.starts).toHaveLength(0);
  });

  it('sends the same files again on Regenerate, after the page was read back from history', async () => {
    const { fake, frames, store } = await started();
    await store.send('What is this?', [photo]);
    fake.done('s1', 'A cat.');
    frames.run();
    const conversationId = store.getState().activeConversationId ?? '';
    const answer = messagesOf(store.getState(), conversationId).at(-1);
    // Regenerate reads the branch back from history (which does not keep files yet).
    await store.regenerate(answer?.id ?? '');
    expect(fake.starts).toHaveLength(2);
    expect(fake.starts[1]?.messages[0]?.attachments).toEqual([
      { kind: 'image', name: 'cat.jpg', mime: 'image/jpeg', bytes: photo.bytes },
    ]);
    const question = messagesOf(store.getState(), conversationId)[0];
    expect(question?.attachments).toEqual([photo]);
  });

  it('keeps the files in history: after a restart, Regenerate sends the same ones again', async () => {
    const fake = fakeChat();
    const frames = manualFrames();
    const history = createMemoryStoreClient('test');
    const first = new ChatStore({ chat: fake.chat, history, frameClock: frames.clock });
    await first.init();
    await first.send('What is this?', [photo, notes]);
    fake.done('s1', 'A cat and a list.');
    frames.run();
    await first.flush();
    const conversationId = first.getState().activeConversationId ?? '';
    first.dispose();

    // A new window over the same history: the question has only history's refs to its files.
    const again = new ChatStore({ chat: fake.chat, history, frameClock: frames.clock });
    await again.init();
    await again.openConversation(conversationId);
    const [question, answer] = messagesOf(again.getState(), conversationId);
    expect(question?.attachments).toBeUndefined();
    expect(question?.storedAttachments?.map((ref) => ref.name)).toEqual(['cat.jpg', 'notes.txt']);
    await again.regenerate(answer?.id ?? '');
    const sent = fake.starts.at(-1)?.messages[0]?.attachments ?? [];
    expect(sent.map((attachment) => attachment.kind)).toEqual(['image', 'text']);
    const image = sent[0];
    expect(image?.kind === 'image' && [...new Uint8Array(image.bytes)]).toEqual([1, 2, 3]);
    expect(sent[1]).toMatchObject({
      kind: 'text',
      name: 'notes.txt',
      text: notes.kind === 'text' ? notes.text : '',
    });
  });

  it('sends the same files again on Continue, with the partial answer to resume from', async () => {
    const { fake, frames, store } = await started();
    await store.send('What is this?', [photo]);
    fake.interrupt('s1', 'It is a');
    frames.run();
    const conversationId = store.getState().activeConversationId ?? '';
    const answer = messagesOf(store.getState(), conversationId).at(-1);
    expect(answer?.resumable).toBe(true);
    await store.continueAnswer(answer?.id ?? '');
    expect(fake.starts[1]).toMatchObject({
      resumeFrom: { text: 'It is a', reasoning: '' },
      messages: [
        {
          role: 'user',
          content: 'What is this?',
          attachments: [{ kind: 'image', name: 'cat.jpg', mime: 'image/jpeg', bytes: photo.bytes }],
        },
      ],
    });
  });

  it('resends without images as a new version of the question, the text file kept', async () => {
    const { fake, frames, store } = await started();
    await store.send('What is this?', [photo, notes]);
    fake.fail(
      's1',
      400,
      '127.0.0.1 rejected the request (400). The server said: "Invalid content type. image_url is only supported by certain models."',
    );
    frames.run();
    const conversationId = store.getState().activeConversationId ?? '';
    const failed = messagesOf(store.getState(), conversationId).at(-1);
    expect(failed?.status).toBe('error');

    await store.resendWithoutImages(failed?.id ?? '');
    expect(fake.starts).toHaveLength(2);
    expect(fake.starts[1]?.messages).toEqual([
      {
        role: 'user',
        content: 'What is this?',
        attachments: [{ kind: 'text', name: 'notes.txt', text: notes.text }],
      },
    ]);
    const shown = messagesOf(store.getState(), conversationId);
    expect(shown[0]?.attachments).toEqual([notes]);
    expect(shown[0]?.id).not.toBe(failed?.parentId);
  });
});
