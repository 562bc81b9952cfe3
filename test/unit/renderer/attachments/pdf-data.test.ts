import { describe, expect, it } from 'vitest';
import { BundledPdfData, decodeDataUrl } from '../../../../renderer/src/attachments/pdf-data';

describe('pdf.js data', () => {
  it('decodes the data: URLs Vite inlines small CMaps as, without fetching them', () => {
    expect([...decodeDataUrl(new URL('data:application/octet-stream;base64,4AEC/w=='))]).toEqual([
      0xe0, 0x01, 0x02, 0xff,
    ]);
    expect([...decodeDataUrl(new URL('data:text/plain,a%20b'))]).toEqual([0x61, 0x20, 0x62]);
  });

  it('serves only the files pdf.js names, of the kinds it asks for', async () => {
    const data = new BundledPdfData();
    await expect(data.fetch({ kind: 'cMapUrl', filename: '../../secrets.bcmap' })).rejects.toThrow(
      'is not bundled',
    );
    await expect(data.fetch({ kind: 'wasmUrl', filename: 'quickjs-eval.wasm' })).rejects.toThrow(
      'is not bundled',
    );
    await expect(data.fetch({ kind: 'cMapUrl', filename: 'LICENSE' })).rejects.toThrow(
      'is not bundled',
    );
  });
});
