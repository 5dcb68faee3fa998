// ESLint (flat config), type-aware through typescript-eslint on TypeScript 5: see the first import.
import './eslint.typescript5.cjs';
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

// A pino call (log.warn(…), this.log.error(…), deps.log.info(…)); console.* is left to CLIs.
const PINO_CALL = 'CallExpression[callee.property.name=/^(trace|debug|info|warn|error|fatal)$/]:not([callee.object.name="console"])';
const ERROR_NAME = '/^(err|error|e|cause|reason|rejection)$/';
const ERR_CONVENTION = "Log the error itself under `err` (pino's error serializer): log.warn({ err }, 'what failed').";

export default defineConfig(
  {
    ignores: ['node_modules/', 'dist/', 'src/generated/', 'tests/histories/', 'prisma/migrations/', 'coverage/'],
  },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: {
      // Files outside every tsconfig (web/ has its own) get a default project.
      parserOptions: { projectService: { allowDefaultProject: ['web/*.config.ts'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // The two mistakes that most often break a Temporal TypeScript codebase silently are a
      // promise nobody awaits and Node APIs in workflow code (below).
      '@typescript-eslint/no-floating-promises': 'error',
      // Express 5 handlers are typed to return `unknown` and forward rejections to the error
      // handler, so async handlers pass; a promise where a `void` callback is expected (timers,
      // event emitters) or in a condition is reported. JSX event handlers (web/) may be async.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrors: 'all',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      // One way to log an error: the error itself under `err`, which pino's error serializer
      // (src/logger.ts) turns into type, message, stack and code; not its message or String(err).
      'no-restricted-syntax': [
        'error',
        ...[
          'Property[key.name="err"] > ConditionalExpression',
          'Property[key.name="err"] > TemplateLiteral',
          'Property[key.name="err"] > CallExpression[callee.name="String"]',
          'Property[key.name="err"] > MemberExpression[property.name=/^(message|stack)$/]',
          `${PINO_CALL} > TemplateLiteral CallExpression[callee.name="String"][arguments.0.name=${ERROR_NAME}]`,
          `${PINO_CALL} > TemplateLiteral MemberExpression[object.name=${ERROR_NAME}][property.name="message"]`,
        ].map((selector) => ({ selector, message: ERR_CONVENTION })),
      ],
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: no Node built-ins, and activities
    // only as types (proxyActivities<...>), never their implementation.
    files: ['src/workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: builtinModules.map((name) => ({ name, message: 'Workflow code cannot use Node built-ins.' })),
          patterns: [{ regex: '^node:', message: 'Workflow code cannot use Node built-ins.' }],
        },
      ],
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/activities', '**/activities/**'],
              allowTypeImports: true,
              message: 'Workflow code imports activities as types only (import type …).',
            },
          ],
        },
      ],
    },
  },
  {
    // The JavaScript config files (jest.config.js, eslint.typescript5.cjs) are CommonJS.
    files: ['**/*.{js,cjs}'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
