/**
 * The page attachments-processing.spec.ts loads: the real attachment processor and worker, bundled
 * as they are in the app, under the app's CSP. `window.attach` runs one fixture through it and returns
 * what the spec checks, with the decoded output's corner pixels for images.
 */
import { createAttachmentProcessor } from '../../renderer/src/attachments/attachment-processor';
import type {
  AttachmentLimits,
  ImageAttachment,
} from '../../renderer/src/attachments/attachment-result';

const processor = createAttachmentProcessor({
  createWorker: () =>
    new Worker('/attachment-worker.js', { type: 'module', name: 'runnel-attachments' }),
});

/** An encoded image decoded again: the RGBA of some pixels, and the share of dark pixels. */
async function pixels(
  image: ImageAttachment,
  points: [number, number][],
): Promise<{ pixels: number[][]; darkShare: number }> {
  const bitmap = await createImageBitmap(new Blob([image.bytes], { type: image.mime }));
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d')!;
  context.drawImage(bitmap, 0, 0);
  const { data } = context.getImageData(0, 0, bitmap.width, bitmap.height);
  let dark = 0;
  for (let i = 0; i < data.length; i += 4)
    if (data[i]! + data[i + 1]! + data[i + 2]! < 300) dark += 1;
  return {
    pixels: points.map(([x, y]) => [...context.getImageData(x, y, 1, 1).data]),
    darkShare: dark / (data.length / 4),
  };
}

async function summary(image: ImageAttachment) {
  const { bytes, dataUrl, ...rest } = image;
  const w = image.width;
  const h = image.height;
  return {
    ...rest,
    byteLength: bytes.byteLength,
    dataUrlHead: dataUrl.slice(0, dataUrl.indexOf(',') + 1),
    dataUrlMatchesBytes: atob(dataUrl.slice(dataUrl.indexOf(',') + 1)).length === bytes.byteLength,
    // Top centre, bottom centre, and the first pixel.
    ...(await pixels(image, [
      [Math.floor(w / 2), 2],
      [Math.floor(w / 2), h - 3],
      [0, 0],
    ])),
  };
}

async function fixture(name: string): Promise<Blob> {
  const response = await fetch(`/fixtures/${name}`);
  return response.blob();
}

interface AttachOptions {
  limits?: Partial<AttachmentLimits>;
  password?: string;
  pages?: boolean;
}

async function run(blob: Blob, name: string, options: AttachOptions) {
  const { pages, ...rest } = options;
  if (pages) {
    const result = await processor.renderPdfPages(blob, name, rest);
    if (result.kind !== 'pdf-pages') return result;
    return { ...result, images: await Promise.all(result.images.map(summary)) };
  }
  const result = await processor.process(blob, name, rest);
  return result.kind === 'image' ? summary(result) : result;
}

/** A photo-like JPEG of the given size: noise over a gradient, so it does not compress to nothing. */
async function photo(width: number, height: number): Promise<Blob> {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d')!;
  const gradient = context.createLinearGradient(0, 0, width, height);
  gradient.addColorStop(0, '#306090');
  gradient.addColorStop(1, '#d09040');
  context.fillStyle = gradient;
  context.fillRect(0, 0, width, height);
  const noise = context.createImageData(512, 512);
  for (let i = 0; i < noise.data.length; i += 4) {
    const v = (i * 2654435761) % 97;
    noise.data.set([v, v, v, 40], i);
  }
  const tile = new OffscreenCanvas(512, 512);
  tile.getContext('2d')!.putImageData(noise, 0, 0);
  for (let y = 0; y < height; y += 512)
    for (let x = 0; x < width; x += 512) context.drawImage(tile, x, y);
  return canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
}

/** Long tasks (over 50 ms) on this page's main thread while `work` runs. */
async function longTasksDuring<T>(
  work: () => Promise<T>,
): Promise<{ value: T; longTasks: number[]; ms: number }> {
  const longTasks: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longTasks.push(Math.round(entry.duration));
  });
  observer.observe({ type: 'longtask' });
  const started = performance.now();
  const value = await work();
  const ms = Math.round(performance.now() - started);
  // Entries are delivered in a later task; takeRecords hands over those not delivered yet.
  for (const entry of observer.takeRecords()) longTasks.push(Math.round(entry.duration));
  observer.disconnect();
  return { value, longTasks, ms };
}

const violations: string[] = [];
document.addEventListener('securitypolicyviolation', (event) =>
  violations.push(`${event.effectiveDirective} ${event.blockedURI}`),
);

Object.assign(window, {
  attach: async (name: string, options: AttachOptions = {}, as?: string) =>
    run(await fixture(name), as ?? name, options),
  attachText: async (text: string, name: string) => run(new Blob([text]), name, {}),
  violations: () => violations,
  /** Resizes a generated photo of this size, reporting time and main-thread long tasks. */
  resizePhoto: async (width: number, height: number) => {
    const blob = await photo(width, height);
    const { value, longTasks, ms } = await longTasksDuring(() =>
      processor.process(blob, 'photo.jpg'),
    );
    return {
      ms,
      longTasks,
      inputBytes: blob.size,
      result:
        value.kind === 'image'
          ? { width: value.width, height: value.height, mime: value.mime }
          : value,
    };
  },
  /** Processes a fixture, reporting time and main-thread long tasks. */
  attachTimed: async (name: string) => {
    const blob = await fixture(name);
    const { value, longTasks, ms } = await longTasksDuring(() => processor.process(blob, name));
    return { ms, longTasks, result: value };
  },
  /**
   * The same observer, around a 120 ms busy loop in a task of the page's own (code run by the test
   * driver's evaluate is not reported as a long task): proves it sees what it is there to see.
   */
  busyLoop: async () =>
    (
      await longTasksDuring(
        () =>
          new Promise<void>((resolve) =>
            setTimeout(() => {
              const until = performance.now() + 120;
              while (performance.now() < until) {
                // busy on purpose
              }
              // Resolve from a later task, so the busy task has ended before the records are read.
              setTimeout(resolve, 0);
            }, 0),
          ),
      )
    ).longTasks,
});
document.body.dataset.ready = 'true';
