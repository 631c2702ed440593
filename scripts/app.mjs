#!/usr/bin/env node
// Runs a cdktf app written in TypeScript, as `cdktf.json` asks: esbuild bundles the entry with the
// library sources it imports into one CommonJS file (transpile only, a few milliseconds; type
// checking is `npm run typecheck`) and Node runs it. Packages stay external, loaded from
// node_modules, so provider classes load by their deep paths exactly as in the published library.
//
//   node scripts/app.mjs [entry.ts]      (default: stacks/main.ts)
//
// The bundle's source map is written beside it but not loaded (loading it costs about 0.1 s and
// 25 MB per synth): set NODE_OPTIONS=--enable-source-maps for stack traces in TypeScript lines.
import { buildSync } from 'esbuild';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entry = path.resolve(process.argv[2] ?? path.join(root, 'stacks', 'main.ts'));
const outfile = path.join(
  root,
  '.build',
  `${path
    .relative(root, entry)
    .replace(/\.[cm]?tsx?$/, '')
    .replace(/[\\/]/g, '__')}.cjs`,
);

buildSync({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  tsconfig: path.join(root, 'tsconfig.json'),
  sourcemap: 'linked',
  logLevel: 'warning',
});

createRequire(import.meta.url)(outfile);
