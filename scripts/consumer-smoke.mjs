#!/usr/bin/env node
// Consumer smoke test: what a new user does after reading the README, against the packed tarball.
//
// 1. `npm pack` this package (its prepack builds lib/).
// 2. In a fresh temporary project, run the README's install lines exactly as written (the block
//    after `<!-- consumer-smoke: install -->`), with `cdktf-model-serving` pointing at the tarball.
// 3. Write the README's files (blocks under `<!-- consumer-smoke: file <name> -->`: cdktf.json,
//    tsconfig.json, main.ts, jest.config.js, jest.setup.ts, readme.test.ts) and the app and tests
//    of examples/consumer-testing.
// 4. Type-check (`tsc --noEmit`), synthesize (`cdktf synth`), run the tests twice (the first run
//    writes the snapshot, the second with --ci must find it unchanged), run the doctor command
//    from the package's bin, and check that the source maps resolve.
//
//   node scripts/consumer-smoke.mjs [--keep]      (--keep leaves the project for inspection)
//
// Needs the npm registry. Prints the time of each step; exits non-zero on the first failure.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const keep = process.argv.includes('--keep');
const timings = [];

/** The README blocks marked `<!-- consumer-smoke: <what> -->` above their fence. */
export function markedBlocks(markdown) {
  const lines = markdown.split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length - 1; i++) {
    const mark = /^<!--\s*consumer-smoke:\s*(.+?)\s*-->$/.exec(lines[i]);
    if (!mark) continue;
    // the fence follows the marker, or the blank line Prettier puts after it
    const fence = lines[i + 1].trim() === '' ? i + 2 : i + 1;
    if (!/^```/.test(lines[fence] ?? ''))
      throw new Error(`README.md:${i + 1}: a consumer-smoke marker must precede a code block`);
    const end = lines.findIndex((line, j) => j > fence && /^```\s*$/.test(line));
    blocks.push({ mark: mark[1], line: fence + 2, text: lines.slice(fence + 1, end).join('\n') + '\n' });
  }
  return blocks;
}

/** The install commands of the README: one per line (`\` continues a line), each `npm install ...`. */
export function installCommands(block) {
  const commands = block.text
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  for (const command of commands) {
    if (!/^npm (install|i) /.test(command)) {
      throw new Error(
        `README.md:${block.line}: the install block may hold only npm install lines, got: ${command}`,
      );
    }
  }
  return commands.map((c) => c.split(/\s+/));
}

function step(name, fn) {
  const start = process.hrtime.bigint();
  process.stdout.write(`\n--- ${name}\n`);
  const result = fn();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  timings.push([name, seconds]);
  process.stdout.write(`--- ${name}: ${seconds.toFixed(1)} s\n`);
  return result;
}

function run(cwd, command, args, { allowFailure = false, env = {} } = {}) {
  process.stdout.write(`$ ${[command, ...args].join(' ')}\n`);
  const result = spawnSync(command, args, {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    env: {
      ...process.env,
      CHECKPOINT_DISABLE: '1',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      ...env,
    },
    maxBuffer: 64 * 1024 * 1024,
  });
  const output = `${result.stdout}${result.stderr}`;
  if (result.status !== 0 && !allowFailure) {
    process.stdout.write(output);
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status} in ${cwd}`);
  }
  return { status: result.status, output };
}

function main() {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const blocks = markedBlocks(readme);
  const install = blocks.find((b) => b.mark === 'install');
  if (!install) throw new Error('README.md has no block marked <!-- consumer-smoke: install -->');
  const files = blocks
    .filter((b) => b.mark.startsWith('file '))
    .map((b) => ({ name: b.mark.slice(5).trim(), line: b.line, text: b.text }));
  for (const required of ['cdktf.json', 'tsconfig.json', 'main.ts', 'jest.config.js', 'jest.setup.ts']) {
    if (!files.some((f) => f.name === required))
      throw new Error(`README.md has no block marked "file ${required}"`);
  }

  const work = mkdtempSync(path.join(tmpdir(), 'consumer-smoke-'));
  const project = path.join(work, 'app');
  try {
    const tarball = step('npm pack (builds lib/)', () => {
      const [pack] = JSON.parse(
        execFileSync('npm', ['pack', '--json', '--pack-destination', work], {
          cwd: root,
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'inherit'],
        }),
      );
      console.log(`${pack.filename}: ${pack.entryCount} files, ${(pack.size / 1024).toFixed(0)} kB`);
      return path.join(work, pack.filename);
    });

    step('install with the README install lines', () => {
      cpSync(path.join(root, 'examples', 'consumer-testing'), project, { recursive: true });
      writeFileSync(
        path.join(project, 'package.json'),
        JSON.stringify({ name: 'consumer-smoke', version: '0.0.0', private: true }, null, 2),
      );
      const commands = installCommands(install);
      if (!commands.some((c) => c.includes('cdktf-model-serving'))) {
        throw new Error(`README.md:${install.line}: no install line installs cdktf-model-serving`);
      }
      for (const command of commands) {
        run(
          project,
          'npm',
          command.slice(1).map((a) => (a === 'cdktf-model-serving' ? tarball : a)),
        );
      }
      for (const file of files) writeFileSync(path.join(project, file.name), file.text);
      const pkg = JSON.parse(readFileSync(path.join(project, 'package.json'), 'utf8'));
      console.log(
        `dependencies: ${Object.entries(pkg.dependencies)
          .map(([n, v]) => `${n}@${v}`)
          .join(' ')}`,
      );
    });

    step('type-check the app and the tests (tsc --noEmit)', () => run(project, 'npx', ['tsc', '--noEmit']));

    step('synthesize (npx cdktf synth)', () => {
      const { output } = run(project, 'npx', ['cdktf', 'synth']);
      if (/checkpoint-api|ENOTFOUND/.test(output))
        throw new Error(`telemetry despite CHECKPOINT_DISABLE=1:\n${output}`);
      const stack = path.join(project, 'cdktf.out', 'stacks', 'production', 'cdk.tf.json');
      if (!existsSync(stack)) throw new Error(`cdktf synth wrote no ${stack}:\n${output}`);
      const json = JSON.parse(readFileSync(stack, 'utf8'));
      const resources = Object.values(json.resource).reduce((n, r) => n + Object.keys(r).length, 0);
      console.log(`production: ${resources} resources`);
    });

    const jest = (args, snapshots) => {
      const { output } = run(project, 'npx', ['jest', ...args]);
      const tests = /^Tests: .*$/m.exec(output)?.[0];
      const snapshot = /^Snapshots: .*$/m.exec(output)?.[0];
      console.log(`${tests}\n${snapshot}`);
      if (!tests || / failed/.test(tests) || !snapshots.test(snapshot ?? ''))
        throw new Error(`unexpected jest result:\n${output}`);
    };
    step('run the tests (first run writes the snapshots)', () =>
      jest(['--ci=false'], /^Snapshots: +2 written, 2 total/),
    );
    step('run the tests again with --ci (snapshots unchanged)', () =>
      jest(['--ci'], /^Snapshots: +2 passed, 2 total/),
    );

    step('doctor from the package bin', () => {
      const help = run(project, 'npx', ['cdktf-model-serving-doctor', '--help']);
      if (!help.output.startsWith('Usage: cdktf-model-serving-doctor'))
        throw new Error(`doctor --help:\n${help.output}`);
      // exit 1 is fine here (no AWS credentials); the report must be there
      const report = run(project, 'npx', ['cdktf-model-serving-doctor', 'production'], {
        allowFailure: true,
      });
      if (![0, 1].includes(report.status) || !report.output.includes('Deploy checks for stack production')) {
        throw new Error(`doctor production exited with ${report.status}:\n${report.output}`);
      }
      console.log(report.output.trimEnd());
    });

    step('source maps resolve to the shipped sources', () => {
      const lib = path.join(project, 'node_modules', 'cdktf-model-serving', 'lib');
      const maps = readdirSync(lib, { recursive: true }).filter((f) => String(f).endsWith('.map'));
      if (maps.length === 0) throw new Error('the package has no source maps');
      for (const map of maps) {
        const file = path.join(lib, String(map));
        for (const source of JSON.parse(readFileSync(file, 'utf8')).sources) {
          if (!existsSync(path.resolve(path.dirname(file), source))) {
            throw new Error(
              `${path.relative(project, file)} points at ${source}, which is not in the package`,
            );
          }
        }
      }
      console.log(`${maps.length} maps, every source present`);
    });
  } finally {
    if (keep) console.log(`\nproject kept in ${project}`);
    else rmSync(work, { recursive: true, force: true });
  }
  console.log('\nconsumer smoke test passed');
  for (const [name, seconds] of timings) console.log(`  ${seconds.toFixed(1).padStart(6)} s  ${name}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
