// Bundles `runnel ask` (main/cli.ts and the engine it uses) into one executable ES module,
// dist-cli/runnel.js, so the npm `bin` runs on plain Node without tsx or node_modules.
import { chmod, cp } from 'node:fs/promises';
import { build } from 'esbuild';

const outfile = 'dist-cli/runnel.js';

await build({
  entryPoints: ['main/cli.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // jimp's dependencies are CommonJS that require Node's built-ins; an ES module has no `require`.
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as runnelCreateRequire } from 'node:module';\nconst require = runnelCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
// The MCP host `runnel mcp` forks (main/mcp/host-entry.ts), beside runnel.js where cli-mcp.ts looks.
await build({
  entryPoints: ['main/mcp/host-entry.ts'],
  outfile: 'dist-cli/mcp-host.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // The SDK's CommonJS dependencies (cross-spawn) call require(), which an ES module has no
  // other way to offer.
  banner: {
    js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
// pdf.js reads its CMaps (Chinese, Japanese and Korean text) and standard fonts from files at run time;
// cli-attachments.ts looks for them in dist-cli/pdfjs/.
for (const folder of ['cmaps', 'standard_fonts']) {
  await cp(`node_modules/pdfjs-dist/${folder}`, `dist-cli/pdfjs/${folder}`, { recursive: true });
}
await chmod(outfile, 0o755);
console.log(`Built ${outfile}`);
