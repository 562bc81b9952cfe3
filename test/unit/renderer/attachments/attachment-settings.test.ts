import { describe, expect, it } from 'vitest';
import { attachmentLimitsFor } from '../../../../renderer/src/attachments/attachment-settings';

describe('attachmentLimitsFor', () => {
  it('leaves every limit to the defaults when nothing is set', () => {
    expect(attachmentLimitsFor(undefined, [])).toEqual({});
    expect(attachmentLimitsFor({}, [{}])).toEqual({});
  });

  it('turns the preferences into bytes and pages', () => {
    expect(attachmentLimitsFor({ attachTextMaxKB: 64, attachPdfPageImages: 3 }, [{}])).toEqual({
      maxTextBytes: 65_536,
      maxPdfPageImages: 3,
    });
  });

  it("takes the target provider's image size", () => {
    expect(attachmentLimitsFor({}, [{ imageSize: { longSide: 1024, shortSide: 512 } }])).toEqual({
      imageLongSide: 1024,
      imageShortSide: 512,
    });
  });

  it('fits the smallest size of several targets, a default one counting as the default', () => {
    const small = { imageSize: { longSide: 1024, shortSide: 1024 } };
    const large = { imageSize: { longSide: 4096, shortSide: 2048 } };
    expect(attachmentLimitsFor({}, [small, large])).toEqual({
      imageLongSide: 1024,
      imageShortSide: 1024,
    });
    expect(attachmentLimitsFor({}, [large, {}])).toEqual({
      imageLongSide: 2048,
      imageShortSide: 768,
    });
  });
});
