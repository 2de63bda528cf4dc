import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react-swc';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = resolve(here, '..', '..');

/**
 * The member portal: built into public/portal and served at / by the portal middleware
 * (src/middlewares/portal.ts). Assets are content-hashed under /portal/assets/. No inline
 * script (the CSP forbids it), no CDN, no external font.
 */
export default defineConfig({
  root: here,
  base: '/portal/',
  plugins: [react()],
  resolve: { alias: { '@portal': resolve(here, 'lib') } },
  // `npm run dev:portal`: hot reload on :5173, the API from the server on :1337.
  server: { fs: { allow: [root] }, proxy: { '/api': 'http://localhost:1337' } },
  build: {
    outDir: resolve(root, 'public', 'portal'),
    emptyOutDir: true,
    target: 'es2020',
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    reportCompressedSize: false,
  },
  logLevel: 'warn',
});
