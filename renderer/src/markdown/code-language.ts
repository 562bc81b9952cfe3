/**
 * A fence's info string (```` ```js title="x" ````) is model output. We keep only its first word, and only
 * if it looks like a language name, so it can be shown as a label and mapped to a highlighter without ever
 * reaching markup or a class name unchecked.
 */

export interface CodeLanguage {
  /** Text for the label above the block, or null when the fence named no usable language. */
  label: string | null;
  /** The highlight.js language id to use, or null to show the code unhighlighted. */
  highlightId: string | null;
}

/** Language names are short words: letters, digits and a few joiners (c++, objective-c, f#, shell-session). */
const languageName = /^[a-z0-9][a-z0-9+#._-]{0,31}$/;

/** Common names models write on fences, mapped to the highlight.js language we register for them. */
const aliases: Readonly<Record<string, string>> = {
  js: 'javascript',
  javascript: 'javascript',
  jsx: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  node: 'javascript',
  ts: 'typescript',
  typescript: 'typescript',
  tsx: 'typescript',
  mts: 'typescript',
  py: 'python',
  python: 'python',
  python3: 'python',
  rb: 'ruby',
  ruby: 'ruby',
  go: 'go',
  golang: 'go',
  rs: 'rust',
  rust: 'rust',
  java: 'java',
  kt: 'kotlin',
  kotlin: 'kotlin',
  swift: 'swift',
  c: 'c',
  h: 'c',
  cpp: 'cpp',
  'c++': 'cpp',
  cc: 'cpp',
  hpp: 'cpp',
  cs: 'csharp',
  csharp: 'csharp',
  'c#': 'csharp',
  php: 'php',
  sh: 'bash',
  bash: 'bash',
  shell: 'bash',
  zsh: 'bash',
  console: 'shell',
  'shell-session': 'shell',
  ps1: 'powershell',
  powershell: 'powershell',
  pwsh: 'powershell',
  sql: 'sql',
  json: 'json',
  jsonc: 'json',
  json5: 'json',
  yaml: 'yaml',
  yml: 'yaml',
  toml: 'ini',
  ini: 'ini',
  xml: 'xml',
  html: 'xml',
  svg: 'xml',
  css: 'css',
  scss: 'scss',
  less: 'less',
  md: 'markdown',
  markdown: 'markdown',
  diff: 'diff',
  patch: 'diff',
  dockerfile: 'dockerfile',
  docker: 'dockerfile',
  makefile: 'makefile',
  make: 'makefile',
  lua: 'lua',
  r: 'r',
  perl: 'perl',
  pl: 'perl',
  scala: 'scala',
  dart: 'dart',
  haskell: 'haskell',
  hs: 'haskell',
  elixir: 'elixir',
  ex: 'elixir',
  graphql: 'graphql',
  gql: 'graphql',
  plaintext: 'plaintext',
  text: 'plaintext',
  txt: 'plaintext',
};

export function codeLanguage(info: string | null | undefined): CodeLanguage {
  const first = (info ?? '').trim().split(/\s+/, 1)[0] ?? '';
  // `{.python}` and `language-python` are other common spellings of the same thing.
  const name = first
    .replace(/^\{\.?|\}$/g, '')
    .replace(/^language-/i, '')
    .toLowerCase();
  if (!languageName.test(name)) return { label: null, highlightId: null };
  return { label: name, highlightId: aliases[name] ?? null };
}
