/** `npm run build:widget`: bundles the widget into widget/dist/widget.js and prints its size. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { gzipSync } from 'node:zlib';
import { bundleWidget, WIDGET_DIST } from '../src/modules/chat/widget-bundle.ts';

const code = await bundleWidget();
mkdirSync(dirname(WIDGET_DIST), { recursive: true });
writeFileSync(WIDGET_DIST, code);
console.log(`widget.js: ${code.length} bytes, ${gzipSync(code, { level: 9 }).byteLength} bytes gzip`);
