// typescript-eslint needs the classic TypeScript compiler API (TypeScript < 6.1), which
// typescript@7 (the Go-native compiler `npm run typecheck` uses) does not ship. package.json
// installs TypeScript 5 as the alias `typescript5` (its "overrides" entry only quiets
// typescript-eslint's peer range); eslint.config.mjs imports this file before typescript-eslint,
// so inside the ESLint process every require('typescript') resolves to `typescript5`. Nothing
// else loads it: the app, the tests and `tsc` keep TypeScript 7.
const Module = require('node:module');

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function resolveTypescript5(request, ...rest) {
  const mapped = request === 'typescript' || request.startsWith('typescript/') ? `typescript5${request.slice(10)}` : request;
  return resolveFilename.call(this, mapped, ...rest);
};
