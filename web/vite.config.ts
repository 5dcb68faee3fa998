// The dashboard and the phone simulator: one Vite build of TypeScript + Preact, two pages, into
// dist/web (served by src/api/web.ts). No CDN: every script, style and font comes from the API.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: '/',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  resolve: { alias: { react: 'preact/compat', 'react-dom': 'preact/compat' } },
  build: {
    outDir: here('../dist/web'),
    emptyOutDir: true,
    target: 'es2022',
    // No inline scripts or data: modules, so the pages' CSP can stay script-src 'self'.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    rollupOptions: {
      input: { dashboard: here('dashboard/index.html'), phone: here('phone/index.html') },
    },
  },
});
