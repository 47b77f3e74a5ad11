import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Built once and served from disk by the loopback host or loaded by Electron from file://, both
// under a strict CSP (no inline scripts, no eval): relative base, no inlined module-preload polyfill.
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
    target: 'es2022',
  },
});
