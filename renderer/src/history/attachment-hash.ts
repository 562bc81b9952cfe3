/**
 * The name an attachment is stored under: the SHA-256 of its bytes, as 64 lowercase hex digits. Web
 * Crypto's digest runs off the calling thread and is asynchronous, so hashing happens before a
 * request reaches the (synchronous) store: in the window's history worker, and in the ZIP reader.
 */
export const sha256Hex = async (bytes: ArrayBuffer | Uint8Array): Promise<string> => {
  const digest = await crypto.subtle.digest(
    'SHA-256',
    // Never shared memory here: the bytes come from a file, a canvas or a postMessage copy.
    bytes as ArrayBuffer | Uint8Array<ArrayBuffer>,
  );
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
};
