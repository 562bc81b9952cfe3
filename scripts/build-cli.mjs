// Bundles `runnel ask` (main/cli.ts and the engine it uses) into one executable ES module,
// dist-cli/runnel.js, so the npm `bin` runs on plain Node without tsx or node_modules.
import { chmod } from 'node:fs/promises';
import { build } from 'esbuild';

const outfile = 'dist-cli/runnel.js';

await build({
  entryPoints: ['main/cli.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  banner: { js: '#!/usr/bin/env node' },
  logLevel: 'warning',
});
await chmod(outfile, 0o755);
console.log(`Built ${outfile}`);
