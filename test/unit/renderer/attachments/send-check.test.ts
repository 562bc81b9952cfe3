import { describe, expect, it } from 'vitest';
import {
  processing,
  settled,
  type Draft,
} from '../../../../renderer/src/attachments/composer-drafts';
import { checkBeforeSend } from '../../../../renderer/src/attachments/send-check';
import { resolveVision } from '../../../../renderer/src/attachments/vision-capability';

const image = settled(processing('1', 'cat.png', 10, 'image/png'), {
  kind: 'image',
  name: 'cat.png',
  mime: 'image/png',
  dataUrl: 'data:image/png;base64,AA==',
  bytes: new ArrayBuffer(1),
  width: 1,
  height: 1,
  originalWidth: 1,
  originalHeight: 1,
  sourceFormat: 'PNG',
});
const text = settled(processing('2', 'a.txt', 3, 'text/plain'), {
  kind: 'text',
  name: 'a.txt',
  text: 'a.txt\n\n```text\nabc\n```',
  content: 'abc',
  language: 'text',
  encoding: 'utf-8',
  size: 3,
});
const refusedDraft = settled(processing('3', 'IMG_1.heic', 10, ''), {
  kind: 'refused',
  name: 'IMG_1.heic',
  code: 'unsupported-image-format',
  message: 'IMG_1.heic is a HEIC/HEIF image, which Runnel cannot read.',
});
const reading: Draft = processing('4', 'big.pdf', 10, 'application/pdf');

const textOnly = { model: 'gpt-3.5-turbo', vision: resolveVision({ modelId: 'gpt-3.5-turbo' }) };
const vision = { model: 'gpt-4o', vision: resolveVision({ modelId: 'gpt-4o' }) };
const unknown = { model: 'my-local', vision: resolveVision({ modelId: 'my-local' }) };

describe('checkBeforeSend', () => {
  it('sends text files to any model, and images to a vision model or one nobody knows', () => {
    expect(checkBeforeSend([text], textOnly)).toEqual({ kind: 'send' });
    expect(checkBeforeSend([image, text], vision)).toEqual({ kind: 'send' });
    expect(checkBeforeSend([image], unknown)).toEqual({ kind: 'send' });
  });

  it('asks before images go to a model marked text-only, naming it', () => {
    expect(checkBeforeSend([image, text], textOnly)).toEqual({
      kind: 'ask-images',
      message: 'gpt-3.5-turbo may not read images.',
    });
    expect(checkBeforeSend([image], textOnly, true)).toEqual({ kind: 'send' });
  });

  it("follows the user's switch over the known family", () => {
    const marked = {
      model: 'gpt-3.5-turbo',
      vision: resolveVision({ modelId: 'gpt-3.5-turbo', userOverride: true }),
    };
    expect(checkBeforeSend([image], marked)).toEqual({ kind: 'send' });
  });

  it('never sends a refused file silently: it must be removed first', () => {
    expect(checkBeforeSend([text, refusedDraft], vision)).toEqual({
      kind: 'refused',
      message: 'IMG_1.heic cannot be sent. Remove it to send the rest.',
    });
  });

  it('waits for files still being read', () => {
    expect(checkBeforeSend([text, reading], vision)).toEqual({
      kind: 'wait',
      message: 'Sends when big.pdf is ready…',
    });
  });
});
