/** Jest: SWC transform; one Temporal dev server, one test database and one workflow bundle per run. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests', '<rootDir>/src'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 60_000,
};
module.exports.globalSetup = '<rootDir>/tests/support/global-setup.ts';
module.exports.globalTeardown = '<rootDir>/tests/support/global-teardown.ts';
// jose 6 ships only as an ES module; Node loads it natively but Jest's CommonJS loader does not, so
// SWC compiles it to CommonJS for the tests.
module.exports.transformIgnorePatterns = ['/node_modules/(?!jose/)'];
module.exports.transform['^.+/node_modules/jose/.+\\.js$'] = [
  '@swc/jest',
  { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } },
];
