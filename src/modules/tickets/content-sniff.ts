/**
 * Content type from the bytes themselves: the client's declared type and the file name are never
 * trusted, because a file served with the type its uploader chose can run script in our origin.
 */

interface Signature {
  type: string;
  offset?: number;
  bytes: readonly number[];
}

const ascii = (text: string): number[] => [...text].map((char) => char.charCodeAt(0));

// Order matters only where one signature is a prefix of another.
const SIGNATURES: readonly Signature[] = [
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { type: 'image/gif', bytes: ascii('GIF87a') },
  { type: 'image/gif', bytes: ascii('GIF89a') },
  { type: 'image/bmp', bytes: ascii('BM') },
  { type: 'image/tiff', bytes: [0x49, 0x49, 0x2a, 0x00] },
  { type: 'image/tiff', bytes: [0x4d, 0x4d, 0x00, 0x2a] },
  { type: 'application/pdf', bytes: ascii('%PDF-') },
  { type: 'application/zip', bytes: [0x50, 0x4b, 0x03, 0x04] },
  { type: 'application/zip', bytes: [0x50, 0x4b, 0x05, 0x06] },
  { type: 'application/gzip', bytes: [0x1f, 0x8b] },
  { type: 'application/x-7z-compressed', bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] },
  { type: 'application/vnd.rar', bytes: ascii('Rar!') },
  { type: 'application/x-ole-storage', bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] },
  { type: 'audio/mpeg', bytes: ascii('ID3') },
  { type: 'audio/ogg', bytes: ascii('OggS') },
  { type: 'audio/flac', bytes: ascii('fLaC') },
  { type: 'video/x-matroska', bytes: [0x1a, 0x45, 0xdf, 0xa3] },
];

function startsWith(data: Uint8Array, bytes: readonly number[], offset = 0): boolean {
  if (data.length < offset + bytes.length) return false;
  return bytes.every((byte, index) => data[offset + index] === byte);
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function looksLikeText(data: Uint8Array): boolean {
  const sample = data.subarray(0, 8192);
  for (const byte of sample) {
    // NUL and most C0 controls never appear in text files.
    if (byte === 0 || (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c && byte !== 0x1b)) return false;
  }
  try {
    // A multi-byte character may be cut at the sample's end; decode only whole sequences.
    let end = sample.length;
    if (data.length > sample.length) while (end > 0 && (sample[end - 1]! & 0xc0) === 0x80) end--;
    if (data.length > sample.length && end > 0 && sample[end - 1]! >= 0xc0) end--;
    strictUtf8.decode(sample.subarray(0, end));
    return true;
  } catch {
    return false;
  }
}

const MARKUP = /^\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html|head|body|script|svg|iframe|object|embed|\?xml|!doctype\s+svg)/i;

/** The content type of the data, decided by its leading bytes. */
export function sniffContentType(data: Uint8Array): string {
  if (startsWith(data, ascii('RIFF')) && startsWith(data, ascii('WEBP'), 8)) return 'image/webp';
  if (startsWith(data, ascii('RIFF')) && startsWith(data, ascii('WAVE'), 8)) return 'audio/wav';
  if (startsWith(data, ascii('ftyp'), 4)) {
    const brand = String.fromCharCode(...data.subarray(8, 12));
    if (brand.startsWith('heic') || brand.startsWith('heix') || brand.startsWith('mif1')) return 'image/heic';
    if (brand.startsWith('qt')) return 'video/quicktime';
    return 'video/mp4';
  }
  for (const signature of SIGNATURES) {
    if (startsWith(data, signature.bytes, signature.offset)) return signature.type;
  }
  if (data.length >= 2 && data[0] === 0xff && (data[1]! & 0xe0) === 0xe0) return 'audio/mpeg';
  if (looksLikeText(data)) {
    const head = new TextDecoder().decode(data.subarray(0, 1024));
    if (MARKUP.test(head.replace(/^\uFEFF/, ''))) return /<svg|doctype\s+svg/i.test(head) ? 'image/svg+xml' : 'text/html';
    return 'text/plain';
  }
  return 'application/octet-stream';
}

/** Images a browser can show inline without running anything (SVG is excluded: it can carry script). */
const INLINE_SAFE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/bmp']);

export function isInlineSafe(contentType: string): boolean {
  return INLINE_SAFE.has(contentType);
}

/** Served type: active content (HTML, SVG) is served as plain bytes, never rendered. */
export function servedContentType(contentType: string): string {
  if (contentType === 'text/html' || contentType === 'image/svg+xml') return 'application/octet-stream';
  if (contentType === 'text/plain') return 'text/plain; charset=utf-8';
  return contentType;
}

/** A file name safe for storage and for a Content-Disposition header. */
export function cleanFilename(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\u2028\u2029"]/gu, '')
    .trim()
    .slice(0, 200);
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? 'attachment' : cleaned;
}

/** RFC 6266 Content-Disposition with an ASCII fallback and the UTF-8 name. */
export function contentDisposition(kind: 'inline' | 'attachment', filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]/g, '_').replace(/[\\"]/g, '_');
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
