/**
 * The widget script served at /widget.js: `widget/dist/widget.js` when the build made it (`npm run build:widget`),
 * else bundled from `widget/src` on first request (rolldown, the bundler vite already brings), kept in memory
 * with its gzip form.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const WIDGET_ROOT = fileURLToPath(new URL('../../../widget/', import.meta.url));
export const WIDGET_ENTRY = `${WIDGET_ROOT}src/widget.ts`;
export const WIDGET_DIST = `${WIDGET_ROOT}dist/widget.js`;

export interface WidgetBundle {
  code: string;
  gzip: Buffer;
}

/** Bundles and minifies the widget into one self-running script. */
export async function bundleWidget(): Promise<string> {
  const { build } = await import('rolldown');
  const output = await build({ input: WIDGET_ENTRY, write: false, platform: 'browser', output: { format: 'iife', minify: true } });
  const chunk = output.output.find((item) => item.type === 'chunk');
  if (!chunk || chunk.type !== 'chunk') throw new Error('the widget bundle produced no script');
  return chunk.code;
}

let loading: Promise<WidgetBundle> | undefined;

export function loadWidgetBundle(): Promise<WidgetBundle> {
  loading ??= (async () => {
    const code = existsSync(WIDGET_DIST) ? readFileSync(WIDGET_DIST, 'utf8') : await bundleWidget();
    return { code, gzip: gzipSync(code, { level: 9 }) };
  })();
  loading.catch(() => (loading = undefined));
  return loading;
}
