/**
 * May the composer send now? Attachments still being read make it wait; a refused one must be
 * removed first (it is never dropped silently); images to a model marked text-only ask first.
 */
import type { Draft } from './composer-drafts';
import { sentOf } from './composer-drafts';
import { hasImages } from './sent-attachment';
import type { VisionCapability } from './vision-capability';

export type SendCheck =
  | { kind: 'send' }
  | { kind: 'wait'; message: string }
  | { kind: 'refused'; message: string }
  | { kind: 'ask-images'; message: string };

const listed = (names: string[]): string =>
  names.length <= 2
    ? names.join(' and ')
    : `${names.slice(0, 2).join(', ')} and ${names.length - 2} more`;

export function checkBeforeSend(
  drafts: readonly Draft[],
  target: { model: string | null; vision: VisionCapability | null },
  /** The user already answered "Send anyway" for these images. */
  imagesConfirmed = false,
): SendCheck {
  const refusedNames = drafts.filter((d) => d.status === 'refused').map((d) => d.name);
  if (refusedNames.length > 0) {
    return {
      kind: 'refused',
      message: `${listed(refusedNames)} cannot be sent. Remove ${refusedNames.length === 1 ? 'it' : 'them'} to send the rest.`,
    };
  }
  const waiting = drafts.filter((d) => d.status === 'processing').map((d) => d.name);
  if (waiting.length > 0) {
    return {
      kind: 'wait',
      message: `Sends when ${listed(waiting)} ${waiting.length === 1 ? 'is' : 'are'} ready…`,
    };
  }
  if (!imagesConfirmed && target.vision?.vision === false && hasImages(sentOf(drafts))) {
    return {
      kind: 'ask-images',
      message: `${target.model ?? 'This model'} may not read images.`,
    };
  }
  return { kind: 'send' };
}
