import { describe, expect, it } from 'vitest';
import { languageOfFile } from '../../../../renderer/src/attachments/file-language';

describe('languageOfFile', () => {
  it('takes the language from the extension, case-insensitively', () => {
    expect(languageOfFile('App.TSX')).toBe('tsx');
    expect(languageOfFile('main.rs')).toBe('rust');
    expect(languageOfFile('query.sql')).toBe('sql');
    expect(languageOfFile('C:\\work\\build.ps1')).toBe('powershell');
    expect(languageOfFile('config/app.yml')).toBe('yaml');
  });

  it('knows files by their whole name', () => {
    expect(languageOfFile('Dockerfile')).toBe('dockerfile');
    expect(languageOfFile('project/Makefile')).toBe('makefile');
    expect(languageOfFile('.env')).toBe('dotenv');
  });

  it('says text for anything else', () => {
    expect(languageOfFile('notes')).toBe('text');
    expect(languageOfFile('archive.unknownext')).toBe('text');
    expect(languageOfFile('.hidden')).toBe('text');
  });
});
