import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * Writes `.br` and `.gz` siblings of the text assets once at build time; Kefu serves them to browsers
 * that accept them (@fastify/static `preCompressed`), so no response is compressed per request.
 */
function precompress(): Plugin {
  const compressible = /\.(js|css|html|svg|json)$/;
  const walk = (dir: string): string[] => readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? walk(join(dir, name)) : [join(dir, name)]));
  return {
    name: 'kefu-precompress',
    apply: 'build',
    closeBundle() {
      const dist = join(root, 'dist');
      for (const file of walk(dist).filter((path) => compressible.test(path))) {
        const content = readFileSync(file);
        if (content.length < 1024) continue;
        writeFileSync(`${file}.gz`, gzipSync(content, { level: 9 }));
        writeFileSync(`${file}.br`, brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 10 } }));
      }
    },
  };
}

// Served by Kefu itself from web/dist (same origin); in `vite dev` the API is proxied to a local Kefu.
export default defineConfig({
  root,
  base: '/',
  plugins: [react(), precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The bundle report reads the manifest to measure what the agent workspace loads up front.
    manifest: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      treeshake: {
        // The app's own modules only declare things (the entry and CSS aside). Without this, everything a module
        // exports through its index.ts would be pulled into the bundle of any screen that imports one thing from it.
        moduleSideEffects: [{ test: /[\\/]web[\\/]src[\\/](app|i18n|modules|routes|shared)[\\/].*\.tsx?$/, sideEffects: false }],
      },
      output: {
        codeSplitting: {
          groups: [
            // React changes rarely: its own long-cached chunk. Everything else splits by route (lazy imports).
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom)[\\/]/, priority: 20 },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:3000', ws: true },
    },
  },
});
