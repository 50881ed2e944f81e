import { describe, expect, it } from 'vitest';
import { htmlToText } from './html-text.ts';
import { toInboundMessage } from './mail-inbound.ts';
import { loadMimeFixtures } from './mail-fixtures.testing.ts';
import { messageIdList, normalizeMessageId, parseEmail, scanMessageId } from './mail-parse.ts';

const crlf = (lines: string[]): string => lines.join('\r\n');
const bytes = (...parts: (string | number[])[]): Buffer => Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.from(part))));

// 退款请求 in GB2312, base64; 你好 in GB2312 bytes; 你好 in Big5 bytes.
const GB2312_SUBJECT = '=?GB2312?B?zcu/7sfrx/M=?=';
const GB2312_NIHAO = [0xc4, 0xe3, 0xba, 0xc3];
const BIG5_NIHAO = [0xa7, 0x41, 0xa6, 0x6e];

describe('parseEmail', () => {
  it('decodes a GB2312 subject (RFC 2047) and an 8-bit GB2312 body', async () => {
    const raw = bytes(
      crlf(['From: =?GB2312?B?1cXI/Q==?= <ZS@Example.cn>', 'To: support@demo.kefu.local', `Subject: ${GB2312_SUBJECT}`, 'Message-ID: <m1@example.cn>', 'Content-Type: text/plain; charset=gb2312', 'Content-Transfer-Encoding: 8bit', '', '']),
      GB2312_NIHAO,
      '\r\n',
    );
    const mail = await parseEmail(raw);
    expect(mail.subject).toBe('退款请求');
    expect(mail.from).toEqual({ email: 'zs@example.cn', name: '张三' });
    expect(mail.text.trim()).toBe('你好');
    expect(mail.messageId).toBe('<m1@example.cn>');
  });

  it('decodes Big5 and GB18030 bodies', async () => {
    const big5 = await parseEmail(bytes(crlf(['From: a@x.tw', 'Subject: big5', 'Content-Type: text/plain; charset=big5', 'Content-Transfer-Encoding: 8bit', '', '']), BIG5_NIHAO));
    expect(big5.text.trim()).toBe('你好');
    // GB18030 is a superset of GBK: the same bytes read as GBK text, plus four-byte sequences (here U+20000 𠀀).
    const gb18030 = await parseEmail(bytes(crlf(['From: a@x.cn', 'Subject: gb', 'Content-Type: text/plain; charset=gb18030', 'Content-Transfer-Encoding: 8bit', '', '']), GB2312_NIHAO, [0x95, 0x32, 0x82, 0x36]));
    expect(gb18030.text.trim()).toBe('你好𠀀');
  });

  it('reads raw 8-bit UTF-8 headers, quoted-printable bodies and RFC 2231 filenames', async () => {
    const raw = crlf([
      'From: 李娜 <li@example.cn>',
      'Subject: 发票 invoice',
      'Message-ID: <m2@example.cn>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      '=E8=AF=B7=E6=9F=A5=E6=94=B6=E5=8F=91=E7=A5=A8=E3=80=82',
      '--b1',
      'Content-Type: application/pdf',
      "Content-Disposition: attachment; filename*=UTF-8''%E5%8F%91%E7%A5%A8.pdf",
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('%PDF-1.4 fake').toString('base64'),
      '--b1--',
      '',
    ]);
    const mail = await parseEmail(Buffer.from(raw, 'utf8'));
    expect(mail.subject).toBe('发票 invoice');
    expect(mail.from?.name).toBe('李娜');
    expect(mail.text.trim()).toBe('请查收发票。');
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]).toMatchObject({ filename: '发票.pdf', contentType: 'application/pdf', isInline: false });
    expect(Buffer.from(mail.attachments[0]!.content).toString()).toBe('%PDF-1.4 fake');
  });

  it('takes the text of an HTML-only mail and keeps cid: images as inline attachments', async () => {
    const raw = crlf([
      'From: a@x.cn',
      'Subject: html',
      'Content-Type: multipart/related; boundary="r"',
      '',
      '--r',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>Hello <b>there</b></p><img src="cid:logo@x"><script>alert(1)</script>',
      '--r',
      'Content-Type: image/png',
      'Content-ID: <logo@x>',
      'Content-Disposition: inline',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('png-bytes').toString('base64'),
      '--r--',
      '',
    ]);
    const mail = await parseEmail(Buffer.from(raw));
    expect(mail.text).toBe('Hello there');
    expect(mail.html).toContain('cid:logo@x');
    expect(mail.attachments[0]).toMatchObject({ contentType: 'image/png', contentId: 'logo@x', isInline: true });
  });

  it('prefers the plain part of multipart/alternative and lists thread ids', async () => {
    const raw = crlf([
      'From: a@x.cn',
      'Subject: Re: Refund [#CS20260505001]',
      'In-Reply-To: <kefu.1@demo.kefu.local>',
      'References: <a@x.cn>\r\n <kefu.1@demo.kefu.local>',
      'Content-Type: multipart/alternative; boundary="a"',
      '',
      '--a',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Plain version',
      '--a',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>HTML version</p>',
      '--a--',
      '',
    ]);
    const mail = await parseEmail(Buffer.from(raw));
    expect(mail.text.trim()).toBe('Plain version');
    expect(mail.inReplyTo).toEqual(['<kefu.1@demo.kefu.local>']);
    expect(mail.references).toEqual(['<a@x.cn>', '<kefu.1@demo.kefu.local>']);
  });
});

describe('message ids', () => {
  it.each([
    ['<a@b>', '<a@b>'],
    [' a@b ', '<a@b>'],
    ['<<a@b>>', '<a@b>'],
    ['no-at-sign', null],
    ['<a b@c>', null],
    ['', null],
  ])('normalizes %j to %j', (input, expected) => {
    expect(normalizeMessageId(input)).toBe(expected);
  });

  it('lists ids from References, once each', () => {
    expect(messageIdList('<a@x> <b@x>,<a@x> junk')).toEqual(['<a@x>', '<b@x>']);
    expect(messageIdList(['<a@x>', '<c@x>'])).toEqual(['<a@x>', '<c@x>']);
  });

  it('scans the Message-ID from the raw header block, folded or not, and never from the body', () => {
    expect(scanMessageId(Buffer.from('Subject: x\r\nMessage-ID:\r\n <fold@x.cn>\r\n\r\nbody'))).toBe('<fold@x.cn>');
    expect(scanMessageId(Buffer.from('message-id: <lower@x.cn>\n\nbody'))).toBe('<lower@x.cn>');
    expect(scanMessageId(Buffer.from('Subject: x\r\n\r\nMessage-ID: <in-body@x.cn>\r\n'))).toBeNull();
    expect(scanMessageId(Buffer.from('Subject: x\r\n\r\n'))).toBeNull();
  });
});

describe('htmlToText', () => {
  it.each([
    ['<p>你好&nbsp;世界</p>', '你好 世界'],
    ['<div>Line<br>two</div>', 'Line\ntwo'],
    ['<a href="https://x.cn/a">here</a>', 'here <https://x.cn/a>'],
    ['<a href="https://y.cn">https://y.cn</a>', 'https://y.cn'],
    ['<script>alert(1)</script><style>p{}</style>ok', 'ok'],
    ['<blockquote>old<br>text</blockquote>', '> old\n> text'],
    ['<h2>Title</h2><p>x</p>', 'Title\n\nx'],
  ])('%s', (html, expected) => {
    expect(htmlToText(html)).toBe(expected);
  });
});

describe('toInboundMessage', () => {
  it('threads by headers and number, trims quotes, keeps the full text and flags auto-replies', async () => {
    const raw = crlf([
      'From: Zhang <zs@example.cn>',
      'Reply-To: orders@example.cn',
      'Subject: Automatic reply: Refund [#CS20260505001]',
      'Message-ID: <m3@example.cn>',
      'In-Reply-To: <kefu.x@demo.kefu.local>',
      'Auto-Submitted: auto-replied',
      'Date: Tue, 05 May 2026 10:00:00 +0800',
      '',
      'I am away.',
      '',
      'On Tue, 5 May 2026, Support <support@demo.kefu.local> wrote:',
      '> Hello',
      '',
    ]);
    const message = toInboundMessage(await parseEmail(Buffer.from(raw)), { ticketPrefix: 'CS', ownAddresses: ['support@demo.kefu.local'], ownDomains: ['demo.kefu.local'] });
    expect(message).toMatchObject({
      channel: 'email',
      externalId: '<m3@example.cn>',
      inReplyTo: ['<kefu.x@demo.kefu.local>'],
      ticketNumber: 'CS20260505001',
      from: { email: 'zs@example.cn', name: 'Zhang' },
      replyTo: { email: 'orders@example.cn' },
      body: 'I am away.',
      automated: { kind: 'auto_reply', reason: 'header:auto-submitted=auto-replied' },
    });
    expect(message.fullBody).toContain('> Hello');
    expect(message.sentAt?.toISOString()).toBe('2026-05-05T02:00:00.000Z');
  });
});

const fixtures = loadMimeFixtures();
describe.skipIf(!fixtures)('the MIME fixture corpus (../shared/data/email-mime-fixtures)', () => {
  it('parses every message without throwing, with the manifest subject where it is clean text', async () => {
    const wrong: string[] = [];
    let compared = 0;
    for (const fixture of fixtures!) {
      const mail = await parseEmail(fixture.raw);
      expect(typeof mail.text, fixture.path).toBe('string');
      if (fixture.subject === null) continue;
      compared++;
      if (mail.subject !== fixture.subject.replace(/\s+/g, ' ').trim()) wrong.push(`${fixture.path}: ${mail.subject} ≠ ${fixture.subject}`);
    }
    expect(wrong).toEqual([]);
    expect(compared).toBeGreaterThan(150);
  });

  it('decodes the Chinese spam sample in GB2312', async () => {
    const fixture = fixtures!.find((entry) => entry.path.endsWith('spamscope-mail-parser/tests/mails/mail_test_12'))!;
    const mail = await parseEmail(fixture.raw);
    expect(mail.subject).toBe('代开各地增值税发票');
  });
});
