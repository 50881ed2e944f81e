import { describe, expect, it } from 'vitest';
import { decryptWechatMessage, encryptWechatMessage, isEncodingAesKey, WechatDecryptError } from './wechat-crypto.ts';
import { isWithinReplyWindow, replyWindowEndsAt } from './reply-window.ts';
import { isWechatSignatureValid, wechatSignature } from './wechat-signature.ts';
import { buildWechatXml, parseWechatXml, WechatXmlError } from './wechat-xml.ts';

describe('WeChat XML', () => {
  it.each([
    ['CDATA fields and a bare number', '<xml><ToUserName><![CDATA[gh_1]]></ToUserName><CreateTime>1714874400</CreateTime></xml>', { ToUserName: 'gh_1', CreateTime: '1714874400' }],
    ['Chinese and emoji kept exactly', '<xml><Content><![CDATA[你好，订单 #12 还没到 😀👍🏽]]></Content></xml>', { Content: '你好，订单 #12 还没到 😀👍🏽' }],
    ['markup inside CDATA is text', '<xml><Content><![CDATA[<b>a & b</b>]]></Content></xml>', { Content: '<b>a & b</b>' }],
    ['entities in plain text', '<xml><Content>a &lt; b &amp;&amp; c &#x4F60;&#22909;</Content></xml>', { Content: 'a < b && c 你好' }],
    ['an XML declaration, spaces and a comment', '<?xml version="1.0" encoding="UTF-8"?>\n<xml>\n  <!-- x -->\n  <MsgType><![CDATA[text]]></MsgType>\n</xml>\n', { MsgType: 'text' }],
    ['nested fields flattened', '<xml><ScanCodeInfo><ScanType><![CDATA[qrcode]]></ScanType></ScanCodeInfo></xml>', { ScanCodeInfo: '', 'ScanCodeInfo.ScanType': 'qrcode' }],
    ['an empty element', '<xml><Content/><MsgId>1</MsgId></xml>', { Content: '', MsgId: '1' }],
    ['a CDATA split around ]]>', buildWechatXml({ Content: 'x]]>y' }), { Content: 'x]]>y' }],
    ['whitespace in a CDATA value kept', '<xml><Content><![CDATA[  two\nlines  ]]></Content></xml>', { Content: '  two\nlines  ' }],
  ])('%s', (_name, source, fields) => {
    expect(parseWechatXml(source)).toEqual(fields);
  });

  it.each([
    ['not XML at all', '{"MsgType":"text"}'],
    ['an unclosed element', '<xml><Content><![CDATA[hi]]></xml>'],
    ['a mismatched closing tag', '<xml><A>1</B></xml>'],
    ['an unterminated CDATA', '<xml><Content><![CDATA[hi</Content></xml>'],
    ['a DOCTYPE (entity expansion)', '<!DOCTYPE xml [<!ENTITY x "y">]><xml><A>&x;</A></xml>'],
    ['an unknown entity', '<xml><A>&x;</A></xml>'],
    ['a root other than <xml>', '<root><A>1</A></root>'],
    ['content after the root', '<xml></xml><xml></xml>'],
    ['an empty document', ''],
    ['too deep', `<xml>${'<a>'.repeat(20)}${'</a>'.repeat(20)}</xml>`],
    ['a surrogate character reference', '<xml><A>&#xD800;</A></xml>'],
  ])('refuses %s', (_name, source) => {
    expect(() => parseWechatXml(source)).toThrow(WechatXmlError);
  });
});

describe('WeChat signatures', () => {
  it('is sha1 of the sorted parts (as WeChat documents: token, timestamp, nonce)', () => {
    // printf '%s' 1409304348nonce1token1 | sha1sum
    expect(wechatSignature(['token1', '1409304348', 'nonce1'])).toBe('6d843c46c59537a5321137504a00893c7c0eb669');
    expect(isWechatSignatureValid(['t', '1', 'n'], wechatSignature(['n', 't', '1']))).toBe(true);
    expect(isWechatSignatureValid(['t', '1', 'n'], wechatSignature(['t', '2', 'n']))).toBe(false);
    expect(isWechatSignatureValid(['t', '1', 'n'], 'not-hex')).toBe(false);
    expect(isWechatSignatureValid(['t', '1', 'n'], undefined)).toBe(false);
  });
});

describe('WeChat safe mode', () => {
  const key = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
  it('round-trips a message for its AppID and refuses it for another', () => {
    expect(isEncodingAesKey(key)).toBe(true);
    expect(isEncodingAesKey('short')).toBe(false);
    const encrypted = encryptWechatMessage(key, 'wx123', '<xml><Content><![CDATA[你好 😀]]></Content></xml>');
    expect(decryptWechatMessage(key, 'wx123', encrypted)).toBe('<xml><Content><![CDATA[你好 😀]]></Content></xml>');
    expect(() => decryptWechatMessage(key, 'wx999', encrypted)).toThrow(WechatDecryptError);
    expect(() => decryptWechatMessage(key, 'wx123', 'bm90IGVuY3J5cHRlZA==')).toThrow(WechatDecryptError);
  });
});

describe('the 48-hour reply window', () => {
  const last = new Date('2026-05-01T00:00:00Z');
  it.each([
    [null, '2026-05-01T00:00:00Z', false],
    [last, '2026-05-01T00:00:00Z', true],
    [last, '2026-05-02T23:59:59Z', true],
    [last, '2026-05-03T00:00:00Z', true],
    [last, '2026-05-03T00:00:01Z', false],
  ] as const)('last contact %s, now %s → %s', (lastInbound, now, open) => {
    expect(isWithinReplyWindow(lastInbound, new Date(now))).toBe(open);
  });
  it('ends 48 hours after the last contact', () => {
    expect(replyWindowEndsAt(last)?.toISOString()).toBe('2026-05-03T00:00:00.000Z');
  });
});
