#!/usr/bin/env node
// Prints a SHA-256 digest of every file under cdktf.out/stacks (the synthesized stacks and their
// assets) and one digest over all of them: two synths are byte-identical when the totals match.
// manifest.json is left out on purpose: it records warning stack traces with build line numbers.
// usage: npx cdktf synth && node scripts/synth-digest.mjs [cdktf.out]
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.join(process.argv[2] ?? 'cdktf.out', 'stacks');
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else files.push(p);
  }
};
walk(root);
const total = createHash('sha256');
for (const file of files) {
  const digest = createHash('sha256').update(readFileSync(file)).digest('hex');
  total.update(`${path.relative(root, file)} ${digest}\n`);
  console.log(`${digest}  ${path.relative(root, file)}`);
}
console.log(`${total.digest('hex')}  (all ${files.length} files)`);
