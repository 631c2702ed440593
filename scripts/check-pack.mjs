#!/usr/bin/env node
// Checks what `npm pack` would publish: the built library (JavaScript, declarations and their
// source maps), the TypeScript sources the maps point at, the charts it installs (assets/charts,
// found beside lib/ at synth), the README, the CHANGELOG, the LICENSE and package.json, and nothing
// else.
import { execFileSync } from 'node:child_process';

const [pack] = JSON.parse(
  execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts=false'], { encoding: 'utf8' }),
);
const files = pack.files.map((f) => f.path).sort();
const allowed = (f) =>
  ['README.md', 'CHANGELOG.md', 'LICENSE', 'package.json'].includes(f) ||
  /^lib\/.+\.(js|d\.ts|js\.map|d\.ts\.map)$/.test(f) ||
  /^src\/.+\.ts$/.test(f) ||
  /^assets\/charts\/[a-z0-9-]+\/(Chart\.yaml|values\.yaml|templates\/[a-z0-9-]+\.yaml)$/.test(f);
const unexpected = files.filter((f) => !allowed(f));
const required = [
  'lib/index.js',
  'lib/index.d.ts',
  'assets/charts/target-group-bindings/Chart.yaml',
  'assets/charts/target-group-bindings/values.yaml',
  'assets/charts/target-group-bindings/templates/bindings.yaml',
  'lib/index.js.map',
  'lib/index.d.ts.map',
  'src/index.ts',
  'lib/cli/doctor.js',
  'README.md',
  'CHANGELOG.md',
  'LICENSE',
  'package.json',
];
const missing = required.filter((f) => !files.includes(f));
// every compiled file has its map and its source
const sources = files.filter((f) => /^lib\/.+\.js$/.test(f));
const unmapped = sources.filter(
  (f) => !files.includes(`${f}.map`) || !files.includes(f.replace(/^lib\//, 'src/').replace(/\.js$/, '.ts')),
);
console.log(
  `${pack.name}@${pack.version}: ${files.length} files, ${(pack.size / 1024).toFixed(0)} kB packed`,
);
if (unexpected.length || missing.length || unmapped.length) {
  if (unexpected.length) console.error(`unexpected in the package: ${unexpected.join(', ')}`);
  if (missing.length) console.error(`missing from the package: ${missing.join(', ')}`);
  if (unmapped.length) console.error(`without a map or its source: ${unmapped.join(', ')}`);
  process.exit(1);
}
console.log('package contents ok');
