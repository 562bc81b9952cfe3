import { describe, expect, it } from 'vitest';
import {
  keepInHistory,
  sentFromHistory,
} from '../../../../renderer/src/attachments/history-attachments';
import type { SentAttachment } from '../../../../renderer/src/attachments/sent-attachment';
import { sha256Hex } from '../../../../renderer/src/history/attachment-hash';
import { createMemoryStoreClient } from '../../../../renderer/src/history/memory-store-client';

const pixels = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4]);
const sent: SentAttachment[] = [
  {
    kind: 'image',
    name: 'chart.png',
    mime: 'image/png',
    bytes: pixels.slice().buffer,
    dataUrl: `data:image/png;base64,${Buffer.from(pixels).toString('base64')}`,
    size: pixels.length,
    width: 320,
    height: 200,
  },
  {
    kind: 'text',
    name: 'main.rs',
    mime: 'text/plain',
    text: 'main.rs\n```rust\nfn main() {}\n```',
    size: 12,
  },
  {
    kind: 'pdf',
    name: 'paper.pdf',
    mime: 'application/pdf',
    text: 'paper.pdf\n--- Page 1 of 2 ---\nAbstract',
    size: 9000,
    pages: 2,
  },
];

describe('sent attachments in history', () => {
  it('stores each file once by hash and lists it in order, with its size and shape', async () => {
    const history = createMemoryStoreClient('test');
    const refs = await keepInHistory(history, sent);
    expect(refs.map((ref) => [ref.kind, ref.name])).toEqual([
      ['image', 'chart.png'],
      ['text', 'main.rs'],
      ['pdf', 'paper.pdf'],
    ]);
    expect(refs[0]).toMatchObject({ hash: await sha256Hex(pixels), width: 320, height: 200 });
    expect(refs[2]).toMatchObject({ pages: 2, mime: 'text/plain' });
    // The same files again: the same hashes.
    expect((await keepInHistory(history, sent)).map((ref) => ref.hash)).toEqual(
      refs.map((ref) => ref.hash),
    );
  });

  it('gives back what was sent, for a resend after a reload', async () => {
    const history = createMemoryStoreClient('test');
    const back = await sentFromHistory(history, await keepInHistory(history, sent));
    expect(back.map((a) => (a.kind === 'image' ? a.dataUrl : a.text))).toEqual([
      sent[0]?.kind === 'image' ? sent[0].dataUrl : '',
      sent[1]?.kind === 'text' ? sent[1].text : '',
      sent[2]?.kind === 'pdf' ? sent[2].text : '',
    ]);
    expect(back[0]?.kind === 'image' && Array.from(new Uint8Array(back[0].bytes))).toEqual(
      Array.from(pixels),
    );
  });

  it('leaves out a file history no longer holds', async () => {
    const history = createMemoryStoreClient('test');
    const [image] = await keepInHistory(history, sent.slice(0, 1));
    if (!image) throw new Error('no ref');
    expect(await sentFromHistory(history, [{ ...image, hash: '0'.repeat(64) }])).toEqual([]);
  });
});
