#!/usr/bin/env node
// Runs a cdktf app written in TypeScript, as `cdktf.json` asks: esbuild bundles the entry with the
// library sources it imports into one CommonJS file (transpile only; type checking is
// `npm run typecheck`) and Node runs it. Packages stay external, loaded from node_modules, so
// provider classes load by their deep paths exactly as in the published library.
//
//   node scripts/app.mjs [entry.ts]      (default: stacks/main.ts)
//
// Speed, measured with `npm run bench`:
// - The bundle is rebuilt only when one of its inputs (or tsconfig.json) changed since it was
//   written: an unchanged app skips esbuild altogether.
// - cdktf records a stack trace for every token it creates, only to explain a failed
//   resolution; that costs about 0.2 s per synth of both environments. This runner turns it off;
//   set CDKTF_MODEL_SERVING_STACK_TRACES=1 to keep them while debugging.
// - The bundle's source map is written beside it but not loaded (about 0.1 s and 25 MB): set
//   NODE_OPTIONS=--enable-source-maps for stack traces in TypeScript lines.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const entry = path.resolve(process.argv[2] ?? path.join(root, 'stacks', 'main.ts'));
const name = path
  .relative(root, entry)
  .replace(/\.[cm]?tsx?$/, '')
  .replace(/[\\/]/g, '__');
const outfile = path.join(root, '.build', `${name}.cjs`);
const inputsFile = path.join(root, '.build', `${name}.inputs.json`);
const tsconfig = path.join(root, 'tsconfig.json');

/** Whether the bundle is newer than every file it was built from. */
function upToDate() {
  if (!existsSync(outfile) || !existsSync(inputsFile)) return false;
  const built = statSync(outfile).mtimeMs;
  const inputs = JSON.parse(readFileSync(inputsFile, 'utf8'));
  return [...inputs, tsconfig].every((file) => existsSync(file) && statSync(file).mtimeMs <= built);
}

if (!upToDate()) {
  const { buildSync } = require('esbuild');
  const result = buildSync({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    tsconfig,
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
  });
  const inputs = Object.keys(result.metafile.inputs).map((file) => path.resolve(root, file));
  writeFileSync(inputsFile, JSON.stringify(inputs));
}

if (process.env.CDKTF_MODEL_SERVING_STACK_TRACES !== '1') {
  require('cdktf/lib/tokens/private/stack-trace.js').captureStackTrace = () => [];
}
require(outfile);
