import { describe, expect, it } from 'vitest';
import { cleanFilename, contentDisposition, isInlineSafe, servedContentType, sniffContentType } from './content-sniff.ts';

const bytes = (...values: (number | string)[]): Uint8Array =>
  Uint8Array.from(values.flatMap((v) => (typeof v === 'string' ? [...Buffer.from(v, 'latin1')] : [v])));

describe('sniffContentType', () => {
  it.each([
    [bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0), 'image/png'],
    [bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10), 'image/jpeg'],
    [bytes('GIF89a', 1, 0), 'image/gif'],
    [bytes('RIFF', 0, 0, 0, 0, 'WEBPVP8 '), 'image/webp'],
    [bytes('%PDF-1.7\n'), 'application/pdf'],
    [bytes('PK', 3, 4, 20, 0), 'application/zip'],
    [bytes(0, 0, 0, 0x18, 'ftypmp42'), 'video/mp4'],
    [bytes(0, 0, 0, 0x18, 'ftypheic'), 'image/heic'],
    [bytes('ID3', 4, 0), 'audio/mpeg'],
    [Buffer.from('你好，物流信息超过3天未更新\n'), 'text/plain'],
    [Buffer.from('<!DOCTYPE html><script>alert(1)</script>'), 'text/html'],
    [Buffer.from('  <html><body>x</body></html>'), 'text/html'],
    [Buffer.from('<?xml version="1.0"?><svg onload="alert(1)"/>'), 'image/svg+xml'],
    [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>'), 'image/svg+xml'],
    [bytes(0, 1, 2, 3, 0xfe, 0xff), 'application/octet-stream'],
    [bytes(0xc3, 0x28, 'abc'), 'application/octet-stream'],
    [new Uint8Array(0), 'text/plain'],
  ])('%#: %s', (data, expected) => {
    expect(sniffContentType(data)).toBe(expected);
  });

  it('ignores what the file claims to be: an HTML page named .png is HTML', () => {
    expect(sniffContentType(Buffer.from('<html><script>steal()</script></html>'))).toBe('text/html');
  });

  it('accepts long UTF-8 text cut inside a character at the sample boundary', () => {
    expect(sniffContentType(Buffer.from('物'.repeat(5000)))).toBe('text/plain');
  });
});

describe('serving rules', () => {
  it('shows only raster images inline and never renders markup', () => {
    expect(isInlineSafe('image/png')).toBe(true);
    expect(isInlineSafe('image/svg+xml')).toBe(false);
    expect(isInlineSafe('text/html')).toBe(false);
    expect(servedContentType('text/html')).toBe('application/octet-stream');
    expect(servedContentType('image/svg+xml')).toBe('application/octet-stream');
    expect(servedContentType('text/plain')).toBe('text/plain; charset=utf-8');
  });

  it('cleans file names and encodes them for the header', () => {
    expect(cleanFilename('../../etc/passwd')).toBe('passwd');
    expect(cleanFilename('C:\\temp\\发票.pdf')).toBe('发票.pdf');
    expect(cleanFilename('a"b\r\nc.txt')).toBe('abc.txt');
    expect(cleanFilename('')).toBe('attachment');
    expect(cleanFilename('..')).toBe('attachment');
    expect(contentDisposition('attachment', '发票 "1".pdf')).toBe(`attachment; filename="__ _1_.pdf"; filename*=UTF-8''${encodeURIComponent('发票 "1".pdf')}`);
  });
});
