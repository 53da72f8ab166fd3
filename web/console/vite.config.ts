import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Absolute paths so the build works from the repository root (`npm run build:console`).
const consoleRoot = fileURLToPath(new URL('.', import.meta.url));
const outDir = fileURLToPath(new URL('../../dist/console', import.meta.url));

export default defineConfig({
  root: consoleRoot,
  base: '/console/',
  publicDir: 'public',
  plugins: [react()],
  build: {
    outDir,
    emptyOutDir: true,
    // Public-sector PCs often run older Edge/Chrome; keep to the browsers Vite supports by default.
    target: 'es2022',
    // Which chunk each screen loads, for bench/console-bundle.ts (not served: dot directories are not).
    manifest: true,
    rollupOptions: {
      output: {
        // React and the router change less often than the console: a separate file stays cached.
        manualChunks: { vendor: ['react', 'react-dom', 'react-dom/client', 'react-router'] },
      },
    },
  },
});
