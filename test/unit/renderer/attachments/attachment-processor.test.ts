/**
 * The UI-thread half of the attachment layer, over a stand-in worker: what it sends, what it refuses
 * before loading a file, and what happens when the worker dies or hangs. The real worker runs in
 * test/web-e2e/attachments-processing.spec.ts.
 */
import { describe, expect, it } from 'vitest';
import { createAttachmentProcessor } from '../../../../renderer/src/attachments/attachment-processor';
import type {
  WorkRequest,
  WorkResponse,
} from '../../../../renderer/src/attachments/attachment-protocol';
import { DEFAULT_LIMITS } from '../../../../renderer/src/attachments/attachment-result';

class StandInWorker extends EventTarget {
  readonly posted: { message: WorkRequest; transfer: Transferable[] }[] = [];
  terminated = false;
  postMessage(message: WorkRequest, transfer: Transferable[]): void {
    this.posted.push({ message, transfer });
  }
  terminate(): void {
    this.terminated = true;
  }
  answer(response: WorkResponse): void {
    this.dispatchEvent(new MessageEvent('message', { data: response }));
  }
  crash(): void {
    this.dispatchEvent(new Event('error', { cancelable: true }));
  }
}

function setUp(timeoutMs?: number) {
  const workers: StandInWorker[] = [];
  const processor = createAttachmentProcessor({
    createWorker: () => {
      const worker = new StandInWorker();
      workers.push(worker);
      return worker as unknown as Worker;
    },
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });
  return { processor, workers };
}

/** Resolves with the first request posted to the processor's `index`-th worker, once there is one. */
async function posted(workers: StandInWorker[], index = 0): Promise<WorkRequest> {
  for (;;) {
    const request = workers[index]?.posted[0];
    if (request) return request.message;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const textFile = (text: string) => new Blob([text], { type: 'text/plain' });

describe('createAttachmentProcessor', () => {
  it('transfers the bytes with the limits (defaults filled in) and resolves with the answer', async () => {
    const { processor, workers } = setUp();
    const pending = processor.process(textFile('hello'), 'a.txt', {
      limits: { maxTextBytes: 4096 },
    });
    const request = await posted(workers);
    expect(request).toMatchObject({
      job: 'read',
      name: 'a.txt',
      limits: { ...DEFAULT_LIMITS, maxTextBytes: 4096 },
    });
    expect(new TextDecoder().decode(request.buffer)).toBe('hello');
    expect(workers[0]!.posted[0]!.transfer).toEqual([request.buffer]);
    const result = {
      kind: 'refused',
      name: 'a.txt',
      code: 'empty-file',
      message: 'answered',
    } as const;
    workers[0]!.answer({ id: request.id, job: 'read', result });
    await expect(pending).resolves.toEqual(result);
  });

  it('passes a PDF password along', async () => {
    const { processor, workers } = setUp();
    void processor.process(new Blob(['%PDF-1.7\n']), 'locked.pdf', { password: 'pw' });
    expect(await posted(workers)).toMatchObject({ password: 'pw' });
  });

  it('refuses a file over its kind’s cap from its first bytes, without loading the rest', async () => {
    const { processor, workers } = setUp();
    const big = new Blob([new Uint8Array(600 * 1024).fill(0x61)]);
    big.arrayBuffer = () => Promise.reject(new Error('the whole file was loaded'));
    await expect(processor.process(big, 'huge.log')).resolves.toEqual({
      kind: 'refused',
      name: 'huge.log',
      code: 'text-too-large',
      message:
        'huge.log is 600 KB; a text file can be at most 512 KB. Attach a smaller part of it, or raise the limit in Settings → Attachments.',
    });
    const png = new Blob([
      Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      new Uint8Array(2048),
    ]);
    await expect(
      processor.process(png, 'shot.png', { limits: { maxImageBytes: 1024 } }),
    ).resolves.toMatchObject({
      code: 'image-file-too-large',
      message: 'shot.png is 2 KB; an image can be at most 1 KB.',
    });
    expect(workers).toEqual([]);
  });

  it('says when a file cannot be read from disk', async () => {
    const { processor } = setUp();
    const gone = textFile('x');
    gone.slice = () => {
      throw new DOMException('A requested file could not be read', 'NotReadableError');
    };
    await expect(processor.process(gone, 'moved.txt')).resolves.toMatchObject({
      code: 'read-failed',
      message: 'moved.txt could not be read from disk. Check that it still exists and try again.',
    });
  });

  it('refuses an empty file without starting the worker', async () => {
    const { processor, workers } = setUp();
    await expect(processor.process(new Blob([]), 'empty.txt')).resolves.toMatchObject({
      code: 'empty-file',
    });
    expect(workers).toEqual([]);
  });

  it('fails what a crashed worker held, and starts a new worker for the next file', async () => {
    const { processor, workers } = setUp();
    const first = processor.process(textFile('a'), 'one.txt');
    await posted(workers);
    workers[0]!.crash();
    await expect(first).resolves.toMatchObject({
      kind: 'refused',
      code: 'processing-failed',
      message:
        'one.txt could not be processed: the attachment reader stopped. Try again, or attach a smaller file.',
    });
    expect(workers[0]!.terminated).toBe(true);
    void processor.process(textFile('b'), 'two.txt');
    expect(await posted(workers, 1)).toMatchObject({ name: 'two.txt' });
    expect(workers).toHaveLength(2);
  });

  it('stops a worker that does not answer in time, and refuses the file', async () => {
    const { processor, workers } = setUp(30);
    const result = processor.process(textFile('a'), 'slow.pdf');
    await expect(result).resolves.toMatchObject({
      code: 'processing-failed',
      message: 'slow.pdf took too long to process and was stopped. Try a smaller file.',
    });
    expect(workers[0]!.terminated).toBe(true);
  });

  it('asks the worker for PDF pages as a job of its own', async () => {
    const { processor, workers } = setUp();
    void processor.renderPdfPages(new Blob(['%PDF-1.7\n']), 'scan.pdf', {
      limits: { maxPdfPageImages: 3 },
    });
    expect(await posted(workers)).toMatchObject({
      job: 'pdf-pages',
      limits: { maxPdfPageImages: 3 },
    });
  });
});
