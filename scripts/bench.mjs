#!/usr/bin/env node
// npm run bench [-- --runs N]
// Synthesizes both environments N times (default 10), each time in a fresh process exactly as
// `cdktf synth` runs cdktf.json's `app` command, into a fresh output folder, and prints the
// median and worst wall time and peak memory (max RSS, measured by /usr/bin/time).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runsFlag = process.argv.indexOf('--runs');
const runs = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 10;
const app = JSON.parse(readFileSync(path.join(root, 'cdktf.json'), 'utf8')).app;
const timeBin = '/usr/bin/time';
if (!existsSync(timeBin)) {
  console.error(`${timeBin} is needed to measure peak memory (Debian package 'time')`);
  process.exit(1);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const walls = [];
const peaks = [];
for (let i = 0; i < runs; i++) {
  const outdir = mkdtempSync(path.join(tmpdir(), 'bench-'));
  const start = process.hrtime.bigint();
  const result = spawnSync(timeBin, ['-f', '%M', 'sh', '-c', app], {
    cwd: root,
    env: { ...process.env, CDKTF_OUTDIR: outdir },
    encoding: 'utf8',
  });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  const stacks = ['staging', 'production'].filter((s) =>
    existsSync(path.join(outdir, 'stacks', s, 'cdk.tf.json')),
  );
  rmSync(outdir, { recursive: true, force: true });
  if (result.status !== 0 || stacks.length !== 2) {
    console.error(`run ${i + 1} failed (exit ${result.status}):\n${result.stderr}`);
    process.exit(1);
  }
  const peakKb = Number(result.stderr.trim().split('\n').pop());
  walls.push(wall);
  peaks.push(peakKb / 1024);
}

console.log(`app: ${app}`);
console.log(`runs: ${runs} (both stacks each run)`);
console.log(`wall time: median ${median(walls).toFixed(3)} s, max ${Math.max(...walls).toFixed(3)} s`);
console.log(`peak memory: median ${median(peaks).toFixed(0)} MB, max ${Math.max(...peaks).toFixed(0)} MB`);
