/**
 * The attachment limits a person set in Settings, as the processor's limits: the text-file cap and the
 * scanned-PDF page count from the preferences, the image size from the provider(s) the message goes to.
 */
import type { Preferences, ProviderView } from '../../../preload/contract';
import { DEFAULT_LIMITS, type AttachmentLimits } from './attachment-result';

type LimitPreferences = Pick<Preferences, 'attachTextMaxKB' | 'attachPdfPageImages'>;
type ImageSizeOf = Pick<ProviderView, 'imageSize'>;

/**
 * Only what is set; the processor fills the rest from DEFAULT_LIMITS. An image is resized once, when it
 * is attached, so with several target providers (a comparison) it fits the smallest of their sizes.
 */
export function attachmentLimitsFor(
  preferences: LimitPreferences | undefined,
  targets: readonly ImageSizeOf[],
): Partial<AttachmentLimits> {
  const limits: Partial<AttachmentLimits> = {};
  if (preferences?.attachTextMaxKB !== undefined) {
    limits.maxTextBytes = preferences.attachTextMaxKB * 1024;
  }
  if (preferences?.attachPdfPageImages !== undefined) {
    limits.maxPdfPageImages = preferences.attachPdfPageImages;
  }
  if (targets.some((target) => target.imageSize)) {
    // A target without a size of its own takes the default one, and counts as that.
    const sizes = targets.map(
      (target) =>
        target.imageSize ?? {
          longSide: DEFAULT_LIMITS.imageLongSide,
          shortSide: DEFAULT_LIMITS.imageShortSide,
        },
    );
    limits.imageLongSide = Math.min(...sizes.map((size) => size.longSide));
    limits.imageShortSide = Math.min(...sizes.map((size) => size.shortSide));
  }
  return limits;
}
