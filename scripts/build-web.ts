// Builds the two web pages (web/ → dist/web) with Vite: `npm run build`, `npm run dev` at start,
// and the browser test before it opens them. Vite runs as its own process (it is ESM-only, and this
// is called from CommonJS under tsx and Jest alike).
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(__dirname, '..');

export async function buildWebPages(): Promise<void> {
  const vite = join(ROOT, 'node_modules/vite/bin/vite.js');
  await promisify(execFile)(process.execPath, [vite, 'build', '--config', join(ROOT, 'web/vite.config.ts'), '--logLevel', 'warn'], {
    cwd: ROOT,
  });
}
