import { defineConfig } from 'vite';

/**
 * The console, built into dist/console beside the compiled service (which serves it at
 * /console, src/console/serve-console.ts). No inline script or style in the output, so
 * the console's Content-Security-Policy needs no 'unsafe-inline'.
 */
export default defineConfig({
  base: '/console/',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: '../dist/console',
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    reportCompressedSize: true,
  },
});
