/**
 * Decodes an image and re-encodes it at the size the model takes, in the attachment worker
 * (createImageBitmap and OffscreenCanvas: the UI thread never decodes a photo). Chromium applies EXIF
 * orientation in createImageBitmap ('from-image'), which the Chromium e2e checks with a real
 * orientation-6 JPEG. Re-encoding always, even an image already small enough, also drops its EXIF
 * metadata (camera, GPS position) before it leaves the machine.
 */
import type { AttachmentResult, ImageAttachment, ImageMime } from './attachment-result';
import { refused } from './attachment-result';
import type { ImageInput } from './attachment-reader';
import { FORMAT_NAMES } from './format-sniff';
import { fitWithin } from './image-fit';
import { displayName } from './text-file';

/** Any pixel not fully opaque: checked on the resized pixels, so it costs at most ~1.5 M reads. */
function hasTransparency(
  context: OffscreenCanvasRenderingContext2D,
  width: number,
  height: number,
): boolean {
  const { data } = context.getImageData(0, 0, width, height);
  for (let i = 3; i < data.length; i += 4) if (data[i] !== 255) return true;
  return false;
}

/** Base64 in 32 KB slices: String.fromCharCode takes its arguments on the stack. */
export function base64Of(bytes: Uint8Array): string {
  let binary = '';
  for (let at = 0; at < bytes.length; at += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  }
  return btoa(binary);
}

/** Draws any bitmap-like source at the given size and encodes it; PNG where it has transparency. */
export async function encodeScaled(
  source: CanvasImageSource,
  size: { width: number; height: number },
  options: { format: 'jpeg' | 'webp'; quality: number; mayHaveAlpha: boolean },
): Promise<{ mime: ImageMime; blob: Blob }> {
  const canvas = new OffscreenCanvas(size.width, size.height);
  const context = canvas.getContext('2d', { willReadFrequently: options.mayHaveAlpha });
  if (!context) throw new Error('no 2d context for an OffscreenCanvas');
  context.imageSmoothingEnabled = true;
  context.imageSmoothingQuality = 'high';
  context.drawImage(source, 0, 0, size.width, size.height);
  const transparent = options.mayHaveAlpha && hasTransparency(context, size.width, size.height);
  const mime: ImageMime = transparent
    ? 'image/png'
    : options.format === 'webp'
      ? 'image/webp'
      : 'image/jpeg';
  const blob = await canvas.convertToBlob(
    transparent ? { type: mime } : { type: mime, quality: options.quality },
  );
  return { mime, blob };
}

export async function toImageAttachment(
  name: string,
  encoded: { mime: ImageMime; blob: Blob },
  sizes: { width: number; height: number; originalWidth: number; originalHeight: number },
  sourceFormat: string,
  note?: string,
): Promise<ImageAttachment> {
  const bytes = await encoded.blob.arrayBuffer();
  return {
    kind: 'image',
    name,
    mime: encoded.mime,
    dataUrl: `data:${encoded.mime};base64,${base64Of(new Uint8Array(bytes))}`,
    bytes,
    ...sizes,
    sourceFormat,
    ...(note ? { note } : {}),
  };
}

export async function readImage(input: ImageInput): Promise<AttachmentResult> {
  const { name, bytes, format, header, limits } = input;
  const formatName = FORMAT_NAMES[format];
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>]), {
      imageOrientation: 'from-image',
    });
  } catch {
    return refused(
      name,
      format === 'avif' ? 'unsupported-image-format' : 'image-damaged',
      `${displayName(name)} is a ${formatName} image that could not be decoded: ` +
        'the file may be damaged. Open it in an image editor, save a JPEG or PNG copy and attach that.',
    );
  }
  try {
    const original = { width: bitmap.width, height: bitmap.height };
    const size = fitWithin(original, limits.imageLongSide, limits.imageShortSide);
    const encoded = await encodeScaled(bitmap, size, {
      format: limits.imageFormat,
      quality: limits.imageQuality,
      mayHaveAlpha: format !== 'jpeg',
    });
    const note = header.animated
      ? `${displayName(name)} is animated: only its first frame is sent.`
      : undefined;
    return await toImageAttachment(
      name,
      encoded,
      { ...size, originalWidth: original.width, originalHeight: original.height },
      formatName,
      note,
    );
  } finally {
    bitmap.close();
  }
}
