/**
 * Prints what the browser downloads before the agent workspace (login + inbox) is usable, gzip-compressed,
 * from the Vite manifest, and fails when it is over budget. Run after `npm run build:web`:
 *   npx tsx web/scripts/bundle-report.ts [--json]
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const INITIAL_JS_BUDGET_BYTES = 300 * 1024;

interface ManifestChunk {
  file: string;
  src?: string;
  name?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

export interface ChunkSize {
  file: string;
  bytes: number;
  gzipBytes: number;
}

export interface BundleReport {
  initial: ChunkSize[];
  initialGzipBytes: number;
  initialCss: ChunkSize[];
  /** Chunks loaded when each lazy route is first opened (beyond the initial ones). */
  routes: { route: string; gzipBytes: number }[];
  totalJsGzipBytes: number;
  budgetBytes: number;
  withinBudget: boolean;
}

function sizeOf(distDir: string, file: string): ChunkSize {
  const content = readFileSync(join(distDir, file));
  return { file, bytes: content.length, gzipBytes: gzipSync(content).length };
}

/** The chunk keys a chunk needs before it runs: itself and its static imports, transitively. */
function staticClosure(manifest: Record<string, ManifestChunk>, key: string, into = new Set<string>()): Set<string> {
  if (into.has(key) || !manifest[key]) return into;
  into.add(key);
  for (const dep of manifest[key].imports ?? []) staticClosure(manifest, dep, into);
  return into;
}

export function measureBundle(distDir: string): BundleReport {
  const manifestPath = join(distDir, '.vite', 'manifest.json');
  if (!existsSync(manifestPath)) throw new Error(`${manifestPath} is missing: run npm run build:web first`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, ManifestChunk>;
  const entryKey = Object.keys(manifest).find((key) => manifest[key]?.isEntry);
  if (!entryKey) throw new Error('no entry chunk in the manifest');

  // The agent lands on the inbox after login: the entry, and the inbox route if it is ever made lazy.
  const initialKeys = staticClosure(manifest, entryKey);
  const inboxKey = Object.keys(manifest).find((key) => key.endsWith('routes/agent/inbox-page.tsx') && manifest[key]?.isDynamicEntry);
  if (inboxKey) staticClosure(manifest, inboxKey, initialKeys);
  // Nothing renders before the language's catalogue has arrived: the heavier of the two counts as initial.
  const catalogClosures = Object.keys(manifest)
    .filter((key) => /i18n\/(en|zh-CN)\.ts$/.test(key) && manifest[key]?.isDynamicEntry)
    .map((key) => [...staticClosure(manifest, key)].filter((k) => !initialKeys.has(k)));
  const gzipOf = (keys: string[]) => keys.reduce((sum, k) => sum + sizeOf(distDir, manifest[k]!.file).gzipBytes, 0);
  const heaviestCatalog = catalogClosures.sort((a, b) => gzipOf(b) - gzipOf(a))[0] ?? [];
  for (const key of heaviestCatalog) initialKeys.add(key);

  const initial = [...initialKeys].map((key) => sizeOf(distDir, manifest[key]!.file)).sort((a, b) => b.gzipBytes - a.gzipBytes);
  const initialCss = [...new Set([...initialKeys].flatMap((key) => manifest[key]!.css ?? []))].map((file) => sizeOf(distDir, file));
  const initialGzipBytes = initial.reduce((sum, chunk) => sum + chunk.gzipBytes, 0);

  const routes = Object.entries(manifest)
    .filter(([key, chunk]) => chunk.isDynamicEntry && key.includes('/routes/'))
    .map(([key]) => {
      const extra = [...staticClosure(manifest, key)].filter((k) => !initialKeys.has(k));
      return { route: key.replace(/^.*routes\//, ''), gzipBytes: extra.reduce((sum, k) => sum + sizeOf(distDir, manifest[k]!.file).gzipBytes, 0) };
    })
    .sort((a, b) => b.gzipBytes - a.gzipBytes);

  const allJs = [...new Set(Object.values(manifest).map((chunk) => chunk.file).filter((file) => file.endsWith('.js')))];
  const totalJsGzipBytes = allJs.reduce((sum, file) => sum + sizeOf(distDir, file).gzipBytes, 0);
  return { initial, initialGzipBytes, initialCss, routes, totalJsGzipBytes, budgetBytes: INITIAL_JS_BUDGET_BYTES, withinBudget: initialGzipBytes <= INITIAL_JS_BUDGET_BYTES };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export function formatBundleReport(report: BundleReport): string {
  const lines = ['Web app bundle (gzip)', '  initial JavaScript of the agent workspace (login + inbox):'];
  for (const chunk of report.initial) lines.push(`    ${kb(chunk.gzipBytes).padStart(9)}  ${chunk.file}`);
  lines.push(`    ${kb(report.initialGzipBytes).padStart(9)}  total — budget ${kb(report.budgetBytes)}: ${report.withinBudget ? 'OK' : 'OVER BUDGET'}`);
  for (const css of report.initialCss) lines.push(`    ${kb(css.gzipBytes).padStart(9)}  ${css.file} (css)`);
  lines.push('  loaded on first visit of each lazy screen:');
  for (const route of report.routes) lines.push(`    ${kb(route.gzipBytes).padStart(9)}  ${route.route}`);
  lines.push(`  all JavaScript: ${kb(report.totalJsGzipBytes)}`);
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const report = measureBundle(fileURLToPath(new URL('../dist/', import.meta.url)));
  console.log(process.argv.includes('--json') ? JSON.stringify(report, null, 2) : formatBundleReport(report));
  if (!report.withinBudget) process.exitCode = 1;
}
