import path from 'node:path';
import { checkReadmeSnippets, extractSnippets, snippetSource, type SnippetProblem } from './readme-snippets';

const root = path.join(__dirname, '..', '..');
// one program for all blocks: the library's sources are type-checked once (about 10 s)
const { snippets, problems } = checkReadmeSnippets(root, path.join(root, 'README.md'));

describe('the README code', () => {
  it('has ts blocks to check', () => {
    expect(snippets.length).toBeGreaterThanOrEqual(7);
  });

  it.each(snippets.map((s) => [`README.md:${s.fenceLine}`, s.fenceLine]))(
    'the ts block at %s compiles against the library',
    (_where, line) => {
      // the message names the README line of each error: fix it there
      expect((problems.get(line as number) ?? []).map((p: SnippetProblem) => p.message)).toEqual([]);
    },
  );
});

describe('the README block checker', () => {
  const md = [
    '# t', //                                     1
    '<!-- readme-ts: const stack: TerraformStack; const key: EnvironmentKey; -->',
    '```ts', //                                   3 (directly below the comment)
    'new AlertTopic(stack, "t", { key });',
    '```',
    '```ts type=ModelSpec', //                    6
    "{ name: 'a' }",
    '```',
    '```sh',
    'not checked',
    '```',
  ].join('\n');

  it('extracts ts blocks with their fence line, attributes and declarations', () => {
    expect(extractSnippets(md)).toEqual([
      {
        fenceLine: 3,
        attributes: '',
        declarations: 'const stack: TerraformStack; const key: EnvironmentKey;',
        code: 'new AlertTopic(stack, "t", { key });',
      },
      { fenceLine: 6, attributes: 'type=ModelSpec', declarations: '', code: "{ name: 'a' }" },
    ]);
  });

  it('prepends the prelude and the declarations, and wraps type= blocks in a typed constant', () => {
    const [plain, typed] = extractSnippets(md).map((s) => snippetSource(s, '// prelude', 'f.ts'));
    expect(plain.source).toBe(
      [
        '// prelude',
        'declare const stack: TerraformStack;',
        'declare const key: EnvironmentKey;',
        'new AlertTopic(stack, "t", { key });',
        'export {};',
      ].join('\n'),
    );
    expect(plain.offset).toBe(3);
    expect(typed.source).toBe(
      ['// prelude', 'export const value: ModelSpec = ', "{ name: 'a' }", ';'].join('\n'),
    );
    expect(typed.offset).toBe(2);
  });

  it('takes the declarations across the blank line Prettier puts after the comment', () => {
    const [snippet] = extractSnippets(
      '<!-- readme-ts: const app: App; -->\n\n```ts\nnew TerraformStack(app, "x");\n```',
    );
    expect(snippet).toMatchObject({ fenceLine: 3, declarations: 'const app: App;' });
  });

  it('refuses an unknown attribute', () => {
    expect(() => extractSnippets('```ts fragment\nx\n```').map((s) => snippetSource(s, '', 'f.ts'))).toThrow(
      'README.md:1: unknown ```ts attribute "fragment" (allowed: type=<Type>)',
    );
  });

  it('refuses an unclosed block', () => {
    expect(() => extractSnippets('```ts\nx')).toThrow('README.md:1: code block is never closed');
  });
});
