/** `--tools FILE` and `--tool-choice`: what is accepted, and the words for what is not. */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../../main/cli-options';
import {
  askTools,
  MAX_TOOLS_FILE_BYTES,
  readToolsFile,
  toolChoiceFrom,
} from '../../../main/cli-tools';

const dir = mkdtempSync(path.join(tmpdir(), 'runnel-tools-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const at = path.join(dir, name);
  writeFileSync(at, content);
  return at;
}

const WEATHER = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'The weather in a city.',
    parameters: { type: 'object', properties: { city: { type: 'string' } } },
  },
};

async function refusal(content: string, name = 'tools.json'): Promise<string> {
  const error: unknown = await readToolsFile(file(name, content)).catch(
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UsageError);
  return (error as Error).message;
}

describe('readToolsFile', () => {
  it('reads an array of OpenAI tool definitions, keeping fields it does not know', async () => {
    const extra = { ...WEATHER, cache_control: { type: 'ephemeral' } };
    const tools = await readToolsFile(
      file('ok.json', JSON.stringify([extra, { type: 'function', function: { name: 'now' } }])),
    );
    expect(tools).toEqual([extra, { type: 'function', function: { name: 'now' } }]);
  });

  it('says when the file is missing, a folder, or too large', async () => {
    const missing = path.join(dir, 'nope.json');
    await expect(readToolsFile(missing)).rejects.toThrow(
      `--tools: ${missing} does not exist. Give the path of a JSON file with the tool definitions.`,
    );
    const folder = path.join(dir, 'folder');
    mkdirSync(folder);
    await expect(readToolsFile(folder)).rejects.toThrow(`--tools: ${folder} is not a file.`);
    expect(await refusal(' '.repeat(MAX_TOOLS_FILE_BYTES + 1), 'huge.json')).toBe(
      '--tools: huge.json is larger than 4 MB; a list of tools is far smaller. Check the file name.',
    );
  });

  it('names what is wrong with the JSON and with each tool', async () => {
    expect(await refusal('[{"type": "function",')).toMatch(
      /^--tools: tools\.json is not valid JSON \(.+\)\.$/,
    );
    expect(await refusal(JSON.stringify(WEATHER))).toContain(
      'tools.json must hold a JSON array of tool definitions, such as [{"type": "function"',
    );
    expect(await refusal('[]')).toBe(
      '--tools: tools.json holds no tools; leave out --tools to ask without them.',
    );
    expect(
      await refusal(JSON.stringify([WEATHER, { type: 'tool', function: { name: 'x' } }])),
    ).toBe('--tools: tools.json, tool 2 ("x"): type must be "function".');
    expect(await refusal(JSON.stringify([{ type: 'function' }]))).toBe(
      '--tools: tools.json, tool 1: function is missing: each tool is {"type": "function", "function": {"name": …}}.',
    );
    expect(
      await refusal(JSON.stringify([{ type: 'function', function: { name: 'get weather' } }])),
    ).toBe(
      '--tools: tools.json, tool 1 ("get weather"): function.name may use only letters, digits, _ and -, at most 64 characters.',
    );
    expect(
      await refusal(
        JSON.stringify([{ type: 'function', function: { name: 'f', parameters: 'object' } }]),
      ),
    ).toBe('--tools: tools.json, tool 1 ("f"): function.parameters must be a JSON Schema object.');
    expect(await refusal(JSON.stringify([WEATHER, WEATHER]))).toBe(
      '--tools: tools.json names "get_weather" twice; each tool needs its own name.',
    );
  });
});

describe('toolChoiceFrom', () => {
  const tools = [WEATHER] as Parameters<typeof toolChoiceFrom>[1];

  it('takes auto, none, required, or a tool by name', () => {
    expect(toolChoiceFrom('auto', tools)).toBe('auto');
    expect(toolChoiceFrom('required', tools)).toBe('required');
    expect(toolChoiceFrom('get_weather', tools)).toEqual({
      type: 'function',
      function: { name: 'get_weather' },
    });
  });

  it('lists the tools when the choice names none of them', () => {
    expect(() => toolChoiceFrom('get_wether', tools)).toThrow(
      '--tool-choice "get_wether" is not auto, none, required or the name of a tool given with --tools (get_weather).',
    );
  });

  it('adds nothing without --tools', async () => {
    expect(await askTools({ toolsFile: undefined, toolChoice: undefined })).toEqual({});
  });
});
