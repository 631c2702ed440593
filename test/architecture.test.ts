import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import madge from 'madge';

// The source layout as the README states it (the table between the `source-layout` markers):
// each row names a folder of src/, what it holds, and the folders it may import from. These tests
// hold src/ to it: every folder is in the table, every import follows it, no import cycle.

const root = path.join(__dirname, '..');
const src = path.join(root, 'src');

interface LayoutRow {
  readonly folder: string;
  readonly mayImport: readonly string[];
}

function layoutTable(): LayoutRow[] {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const section = /<!-- source-layout -->([\s\S]*?)<!-- \/source-layout -->/.exec(readme);
  if (!section) throw new Error('README.md has no <!-- source-layout --> table');
  return section[1]
    .split('\n')
    .filter((line) => /^\| `/.test(line))
    .map((line) => {
      const cells = line.split('|').map((c) => c.trim());
      const folder = cells[1]
        .replace(/`/g, '')
        .replace(/^src\//, '')
        .replace(/\/$/, '');
      const mayImport = [...cells[3].matchAll(/`([^`]+)`/g)].map((m) =>
        m[1].replace(/^src\//, '').replace(/\/$/, ''),
      );
      // `every folder`: the stack and the public API compose everything
      return { folder, mayImport: cells[3] === 'every folder' ? [''] : mayImport };
    });
}

/** The folder a source file belongs to: `serving/lambda` for src/serving/lambda/**, `core` for src/core/**. */
function folderOf(file: string, folders: readonly string[]): string {
  return [...folders].sort((a, b) => b.length - a.length).find((f) => file.startsWith(`${f}/`)) ?? file;
}

/** Whether `target` (a path under src/, no extension) is inside `pattern` (`*` stands for one folder name). */
function inside(target: string, pattern: string): boolean {
  if (pattern === '') return true;
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((s) => s.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
      .join('[^/]+')}(/|$)`,
  );
  return re.test(target);
}

function sourceFolders(dir = src, prefix = ''): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (!statSync(full).isDirectory() || name === 'private') continue;
    const rel = prefix ? `${prefix}/${name}` : name;
    out.push(rel);
    // serving's targets are folders of their own; deeper folders belong to their parent
    if (rel === 'serving') out.push(...sourceFolders(full, rel));
  }
  return out;
}

let graph: Record<string, string[]>;
let circular: string[][];

beforeAll(async () => {
  const result = await madge(src, {
    fileExtensions: ['ts'],
    tsConfig: path.join(root, 'tsconfig.json'),
    detectiveOptions: { ts: { skipTypeImports: false } },
  });
  graph = result.obj();
  circular = result.circular();
}, 60_000);

describe('the source layout', () => {
  const table = layoutTable();
  const folders = table.map((r) => r.folder);

  it('has no import cycle anywhere in src/', () => {
    expect(Object.keys(graph).length).toBeGreaterThan(50);
    expect(circular).toEqual([]);
  });

  it('lists every folder of src/ in the README, and only folders that exist', () => {
    const files = table.filter((r) => r.folder.endsWith('.ts')).map((r) => r.folder);
    expect(folders.filter((f) => !f.endsWith('.ts')).sort()).toEqual(sourceFolders().sort());
    for (const file of files) expect(statSync(path.join(src, file)).isFile()).toBe(true);
  });

  it('imports only from the folders the README allows (core/ from nothing above it)', () => {
    const allowed = new Map(table.map((r) => [r.folder, r.mayImport]));
    const wrong: string[] = [];
    for (const [file, imports] of Object.entries(graph)) {
      const from = folderOf(file, folders);
      for (const target of imports) {
        const to = folderOf(target, folders);
        if (to === from) continue;
        const ok = (allowed.get(from) ?? []).some((p) => inside(target.replace(/\.ts$/, ''), p));
        if (!ok) wrong.push(`${file} (${from}) imports ${target} (${to})`);
      }
    }
    expect(wrong).toEqual([]);
    expect(allowed.get('core')).toEqual([]);
  });

  it('keeps every source file under about 400 lines, or says at its top why not', () => {
    const long: string[] = [];
    for (const file of Object.keys(graph)) {
      const text = readFileSync(path.join(src, file), 'utf8');
      const lines = text.split('\n').length;
      const reason = /^\/\/ Size: \S.{20,}/m.test(text.split('\n').slice(0, 6).join('\n'));
      if (lines > 420 && !reason) long.push(`${file}: ${lines} lines`);
    }
    expect(long).toEqual([]);
  });
});

describe('one shape, one place', () => {
  it("checks at compile time that every construct's props schema and props interface agree", () => {
    const unchecked: string[] = [];
    const agreeIn = (text: string, schema: string) =>
      new RegExp(`PropsAgree<\\s*z\\.input<typeof ${schema}>`).test(text);
    for (const file of Object.keys(graph)) {
      const text = readFileSync(path.join(src, file), 'utf8');
      for (const [, schema] of text.matchAll(/validateProps\(\s*this,\s*([A-Za-z]+)\s*,/g)) {
        // the check sits beside the schema: in this file, or in the file the schema is imported from
        const from = new RegExp(`import \\{[^}]*\\b${schema}\\b[^}]*\\} from '(\\.[^']+)'`).exec(text)?.[1];
        const home = from ? readFileSync(path.join(src, path.dirname(file), `${from}.ts`), 'utf8') : text;
        if (!agreeIn(home, schema)) unchecked.push(`${file}: ${schema}`);
      }
    }
    expect(unchecked).toEqual([]);
  });
});

describe('the layout check', () => {
  it('matches a target path against a folder pattern', () => {
    expect(inside('serving/lambda/spec/schema', 'serving/*/spec')).toBe(true);
    expect(inside('serving/lambda/lambda-model-serving', 'serving/*/spec')).toBe(false);
    expect(inside('core/naming', 'core')).toBe(true);
    expect(inside('config/schema', 'core')).toBe(false);
  });

  it('assigns a file to the deepest folder of the table', () => {
    const folders = ['serving', 'serving/lambda', 'core'];
    expect(folderOf('serving/lambda/private/x.ts', folders)).toBe('serving/lambda');
    expect(folderOf('serving/model-serving.ts', folders)).toBe('serving');
    expect(folderOf('environment.ts', folders)).toBe('environment.ts');
  });
});
