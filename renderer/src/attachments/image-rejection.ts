/**
 * Recognises a provider's refusal of a request because it carried images, so the UI can offer "resend
 * without the images" instead of a generic error. The wording differs per provider; these are the ones
 * seen in the wild (each pattern's comment names where):
 */

export interface ImageRejection {
  code: 'images-rejected';
  message: string;
  /** The provider's own words, for the details line. */
  providerMessage: string;
}

const rejectionPatterns: readonly RegExp[] = [
  // OpenAI: "Invalid content type. image_url is only supported by certain models."
  /image_url is only supported/i,
  // DeepSeek and serde-based servers: "unknown variant `image_url`, expected `text`"
  /unknown variant `?image_url`?/i,
  // OpenRouter: "No endpoints found that support image input"
  /support(s)? image input/i,
  // llama.cpp server: "image input is not supported - hint: … provide the mmproj"
  /image input is not supported|mmproj/i,
  // Ollama: "this model is missing data required for image input"
  /required for image input/i,
  // vLLM and others: "… is not a multimodal model", "does not support multimodal/vision input"
  /not a multimodal model|does not support (multimodal|multi-modal|vision|image)/i,
  // Groq and strict schemas: "messages[0].content must be a string" (a content-parts array refused)
  /content\b[^.]{0,40}must be a string/i,
  // Generic: "images are not supported", "image content is not supported for this model"
  /images? (content )?(are|is) not supported|does not accept images?/i,
  // Gateways that name the part type: "content part type image_url is not supported"
  /content part[^.]{0,40}(image|not supported)/i,
];

/** The status codes a request refused for its content comes back with. */
const refusalStatuses = new Set([400, 404, 415, 422, 500]);

export function classifyImageRejection(input: {
  status: number;
  /** The provider's error message, or its whole error body as text. */
  body: string;
  /** Whether the refused request carried any image parts: no images, no image rejection. */
  requestHadImages: boolean;
}): ImageRejection | null {
  if (!input.requestHadImages || !refusalStatuses.has(input.status)) return null;
  if (!rejectionPatterns.some((pattern) => pattern.test(input.body))) return null;
  return {
    code: 'images-rejected',
    message:
      'This model does not accept images. Resend without the images, or choose a model that reads images.',
    providerMessage: input.body.slice(0, 500),
  };
}
