import { describe, expect, it } from 'vitest';
import { classifyImageRejection } from '../../../../renderer/src/attachments/image-rejection';

const rejected = (status: number, body: string, requestHadImages = true) =>
  classifyImageRejection({ status, body, requestHadImages })?.code ?? null;

describe('classifyImageRejection', () => {
  it.each([
    [400, 'Invalid content type. image_url is only supported by certain models.'],
    [
      422,
      'Failed to deserialize the JSON body into the target type: messages[0]: unknown variant `image_url`, expected `text` at line 1 column 120',
    ],
    [404, 'No endpoints found that support image input'],
    [
      500,
      'image input is not supported - hint: if this is unexpected, you may need to provide the mmproj',
    ],
    [500, 'this model is missing data required for image input'],
    [400, 'The model `llama-3.1-8b` is not a multimodal model'],
    [400, "'messages.0.content' : value must be a string"],
    [400, 'messages[0].content must be a string'],
    [400, 'Images are not supported for this model'],
  ])('recognises a %i that names images: %s', (status, body) => {
    expect(rejected(status, body)).toBe('images-rejected');
  });

  it('gives a message a person understands, with the provider words kept for details', () => {
    const result = classifyImageRejection({
      status: 400,
      body: 'Invalid content type. image_url is only supported by certain models.',
      requestHadImages: true,
    });
    expect(result?.message).toBe(
      'This model does not accept images. Resend without the images, or choose a model that reads images.',
    );
    expect(result?.providerMessage).toContain('image_url');
  });

  it('leaves other errors alone', () => {
    expect(rejected(400, "This model's maximum context length is 8192 tokens.")).toBeNull();
    expect(rejected(401, 'Incorrect API key provided')).toBeNull();
    expect(rejected(429, 'Rate limit reached for images')).toBeNull();
    // Without images in the request, the same words are about something else.
    expect(rejected(400, 'image_url is only supported by certain models', false)).toBeNull();
  });
});
