import { describe, expect, it } from 'vitest';
import {
  contextPreview,
  contextSummary,
  questionWithContext,
} from '../../../../renderer/src/quick-ask/context-prompt';
import { secureWebPreferences } from '../../../../main/windows/secure-web-preferences';

describe('a question with context', () => {
  it('is the question alone without context', () => {
    expect(questionWithContext('  Why?  ', null)).toBe('Why?');
    expect(questionWithContext('Why?', { text: '  ', source: 'clipboard' })).toBe('Why?');
  });

  it('fences the context off with a label saying where it came from', () => {
    expect(questionWithContext('Fix this', { text: 'let x = 1', source: 'clipboard' })).toBe(
      'Fix this\n\nContext (from the clipboard):\n```\nlet x = 1\n```',
    );
  });

  it('uses a fence longer than any in the context, so it cannot be closed early', () => {
    const text = 'See:\n````md\n```js\nx\n```\n````';
    const sent = questionWithContext('Explain', { text, source: 'selection' });
    expect(sent).toBe(`Explain\n\nContext (selected text):\n\`\`\`\`\`\n${text}\n\`\`\`\`\``);
  });

  it('previews the context on one line, cut with an ellipsis', () => {
    expect(contextPreview({ text: 'const x = 1 +\n  2;\n', source: 'selection' })).toBe(
      'const x = 1 + 2;',
    );
    const long = contextPreview({ text: 'word '.repeat(100), source: 'clipboard' });
    expect(long).toHaveLength(80);
    expect(long.endsWith('…')).toBe(true);
  });

  it('names what the chip holds', () => {
    expect(contextSummary({ text: 'x'.repeat(1234), source: 'clipboard' })).toBe(
      'Clipboard · 1,234 characters',
    );
    expect(contextSummary({ text: 'x', source: 'selection' })).toBe('Selected text · 1 character');
  });
});

describe('quick-ask window lock-down', () => {
  it('gets the same secure web preferences as every Runnel window', () => {
    expect(secureWebPreferences('/app/out/preload/index.cjs', { devTools: false })).toEqual({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: true,
      devTools: false,
    });
  });
});
