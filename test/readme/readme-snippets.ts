// Extracts the README's ```ts blocks and type-checks them against the library's sources
// (`cdktf-model-serving` resolves to src/index.ts through tsconfig.json's path mapping).
// The convention is in CONTRIBUTING.md ("Code in the README").
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** One ```ts block of a markdown file. */
export interface Snippet {
  /** 1-based line of the opening fence. */
  readonly fenceLine: number;
  /** The fence's info string after `ts` (e.g. `type=ModelSpec`). */
  readonly attributes: string;
  /** Declarations from a `<!-- readme-ts: ... -->` comment above the fence (a blank line between is allowed). */
  readonly declarations: string;
  readonly code: string;
}

/** A compiled snippet: the source handed to TypeScript and how its lines map to the README. */
export interface CompiledSnippet extends Snippet {
  readonly fileName: string;
  readonly source: string;
  /** Lines of the generated source before the block's first line. */
  readonly offset: number;
}

const FENCE = /^```(\S*)\s*(.*)$/;
const DECLARE = /^<!--\s*readme-ts:\s*([\s\S]*?)\s*-->\s*$/;

/** The ```ts (and ```typescript) blocks of `markdown`, in order. */
export function extractSnippets(markdown: string): Snippet[] {
  const lines = markdown.split('\n');
  const snippets: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]);
    if (!open) continue;
    const end = lines.findIndex((line, j) => j > i && /^```\s*$/.test(line));
    if (end < 0) throw new Error(`README.md:${i + 1}: code block is never closed`);
    if (open[1] === 'ts' || open[1] === 'typescript') {
      // the comment sits on the line above the fence, or above the blank line Prettier puts there
      const j = i > 0 && lines[i - 1].trim() === '' ? i - 2 : i - 1;
      const above = j >= 0 ? DECLARE.exec(lines[j]) : null;
      snippets.push({
        fenceLine: i + 1,
        attributes: open[2].trim(),
        declarations: above ? above[1] : '',
        code: lines.slice(i + 1, end).join('\n'),
      });
    }
    i = end;
  }
  return snippets;
}

/**
 * The source compiled for a snippet:
 * - a block with its own `import` lines is compiled as it stands (a whole program);
 * - otherwise the prelude (every export of the package, `App`, `TerraformResource`, `TerraformStack`, `Testing` from
 *   cdktf, `Construct` from constructs, `AwsProvider`) and the `readme-ts` declarations come first;
 * - `type=<Type>`: the block is an object literal (or, when it does not start with `{`, the
 *   properties of one) that must be assignable to `<Type>`, excess properties included.
 */
export function snippetSource(snippet: Snippet, prelude: string, fileName: string): CompiledSnippet {
  const typeAttribute = /^type=(\S+)$/.exec(snippet.attributes);
  if (snippet.attributes && !typeAttribute) {
    throw new Error(
      `README.md:${snippet.fenceLine}: unknown \`\`\`ts attribute "${snippet.attributes}" (allowed: type=<Type>)`,
    );
  }
  const standalone = /^import\s/m.test(snippet.code);
  const head: string[] = standalone ? [] : [prelude];
  if (snippet.declarations)
    head.push(`declare ${snippet.declarations.replace(/;\s*(?=\S)/g, ';\ndeclare ')}`);
  let body = snippet.code;
  const tail: string[] = [];
  if (typeAttribute) {
    const literal = snippet.code.trimStart().startsWith('{');
    head.push(`export const value: ${typeAttribute[1]} = ${literal ? '' : '{'}`);
    tail.push(literal ? ';' : '};');
  } else if (!standalone) {
    body = `${snippet.code}\nexport {};`;
  }
  const prefix = head.join('\n').split('\n');
  return {
    ...snippet,
    fileName,
    source: [...prefix, body, ...tail].join('\n'),
    offset: prefix.length,
  };
}

/** The names `src/index.ts` exports (values and types), for the prelude. */
function exportedNames(program: ts.Program, indexFile: string): string[] {
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(indexFile);
  const symbol = source && checker.getSymbolAtLocation(source);
  if (!symbol) throw new Error(`cannot read the exports of ${indexFile}`);
  return checker
    .getExportsOfModule(symbol)
    .map((s) => s.getName())
    .sort();
}

/** A diagnostic of a snippet, located in the README. */
export interface SnippetProblem {
  readonly readmeLine: number;
  readonly message: string;
}

/**
 * Type-checks every ```ts block of the README at `readmePath` in one program; returns the
 * problems of each block, keyed by its fence line.
 */
export function checkReadmeSnippets(
  root: string,
  readmePath: string,
): { snippets: CompiledSnippet[]; problems: Map<number, SnippetProblem[]> } {
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(root, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (!config) throw new Error('cannot read tsconfig.json');
  const options: ts.CompilerOptions = {
    ...config.options,
    noEmit: true,
    // the prelude imports every export; snippets use a few
    noUnusedLocals: false,
    noUnusedParameters: false,
    types: ['node', 'jest'],
  };
  const indexFile = path.join(root, 'src', 'index.ts');
  const host = ts.createCompilerHost(options, true);
  const base = ts.createProgram({ rootNames: [indexFile], options, host });
  const prelude = [
    `import { ${exportedNames(base, indexFile).join(', ')} } from 'cdktf-model-serving';`,
    `import { App, TerraformResource, TerraformStack, Testing } from 'cdktf';`,
    `import { Construct } from 'constructs';`,
    `import { AwsProvider } from '@cdktf/provider-aws/lib/provider';`,
  ].join('\n');

  const markdown = readFileSync(readmePath, 'utf8');
  const dir = path.join(root, 'test', 'readme', '.snippets');
  const snippets = extractSnippets(markdown).map((s) =>
    snippetSource(s, prelude, path.join(dir, `readme-line-${s.fenceLine}.ts`)),
  );
  const virtual = new Map(snippets.map((s) => [s.fileName, s.source]));
  const snippetHost: ts.CompilerHost = {
    ...host,
    fileExists: (f) => virtual.has(f) || host.fileExists(f),
    readFile: (f) => virtual.get(f) ?? host.readFile(f),
    getSourceFile: (f, language, onError, create) => {
      const text = virtual.get(f);
      return text !== undefined
        ? ts.createSourceFile(f, text, language, true)
        : host.getSourceFile(f, language, onError, create);
    },
  };
  const program = ts.createProgram({
    rootNames: snippets.map((s) => s.fileName),
    options,
    host: snippetHost,
    oldProgram: base,
  });
  const problems = new Map<number, SnippetProblem[]>();
  for (const snippet of snippets) {
    const file = program.getSourceFile(snippet.fileName)!;
    const diagnostics = [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)];
    problems.set(
      snippet.fenceLine,
      diagnostics.map((d) => {
        const { line, character } = file.getLineAndCharacterOfPosition(d.start ?? 0);
        // line is 0-based in the generated source; the block's first line is fenceLine + 1
        const inBlock = line - snippet.offset;
        const readmeLine =
          inBlock >= 0 && inBlock < snippet.code.split('\n').length
            ? snippet.fenceLine + 1 + inBlock
            : snippet.fenceLine;
        const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
        return {
          readmeLine,
          message: `README.md:${readmeLine}:${character + 1} TS${d.code}: ${text}`,
        };
      }),
    );
  }
  return { snippets, problems };
}
