/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // transpile only: type checking is its own step (npm run typecheck)
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  // examples import the package by its name; tests resolve it to the sources
  moduleNameMapper: {
    '^cdktf-model-serving$': '<rootDir>/src/index.ts',
    '^cdktf-model-serving/testing$': '<rootDir>/src/testing/index.ts',
  },
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
};
