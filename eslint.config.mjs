// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

const deepImports =
  'Import provider classes by deep path (e.g. @cdktf/provider-aws/lib/s3-bucket): the root barrel loads the whole provider, about 1 s and 0.5 GB per process.';

export default tseslint.config(
  { ignores: ['node_modules/', 'lib/', 'cdktf.out/', '.build/', 'coverage/', 'docs/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        require: 'readonly',
        __dirname: 'readonly',
        module: 'writable',
      },
    },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['aws', 'kubernetes', 'helm'].flatMap((p) => [
            { name: `@cdktf/provider-${p}`, message: deepImports },
            { name: `@cdktf/provider-${p}/lib`, message: deepImports },
          ]),
        },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // `interface XProps extends Options {}` documents a props type of its own
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
    },
  },
  {
    // the library: no environment reads (only stacks/ may), no imports through the public index
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Constructs never read process.env; pass values through props (only stacks/ may read it).',
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: ['aws', 'kubernetes', 'helm'].flatMap((p) => [
            { name: `@cdktf/provider-${p}`, message: deepImports },
            { name: `@cdktf/provider-${p}/lib`, message: deepImports },
          ]),
          patterns: [
            {
              regex: '(^|/)index$|^(\\.\\./?)+$',
              message: 'Inside the library, import siblings by their own path, never through index.ts.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
