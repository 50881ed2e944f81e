import { describe, expect, it } from 'vitest';
import { baseSubject, findTicketNumber, isOwnMessageId, outboundMessageId, referencesFor, replySubject, threadCandidates } from './mail-threading.ts';

describe('findTicketNumber', () => {
  const cases: { subject: string; prefix: string; expected: string | null }[] = [
    { subject: 'Re: Refund [#CS20260505001]', prefix: 'CS', expected: 'CS20260505001' },
    { subject: 'Re: Refund [CS20260505001]', prefix: 'CS', expected: 'CS20260505001' },
    { subject: '回复：退款【#CS20260505012】', prefix: 'CS', expected: 'CS20260505012' },
    { subject: '回复：退款［＃ＣＳ２０２６０５０５０１２］', prefix: 'CS', expected: 'CS20260505012' },
    { subject: 'Fwd: [#cs20260505001] lower-case', prefix: 'CS', expected: 'CS20260505001' },
    { subject: 'Big day [#CS202605051000]', prefix: 'CS', expected: 'CS202605051000' },
    { subject: 'Two tags [#CS20260505001] then [#CS20260506002]', prefix: 'CS', expected: 'CS20260506002' },
    { subject: 'Other prefix [#HD20260505001]', prefix: 'CS', expected: null },
    { subject: 'Too short [#CS2026050501]', prefix: 'CS', expected: null },
    { subject: 'No brackets CS20260505001', prefix: 'CS', expected: null },
    { subject: 'Regex prefix [#A.B20260505001]', prefix: 'A.B', expected: 'A.B20260505001' },
    { subject: 'Regex prefix [#AXB20260505001]', prefix: 'A.B', expected: null },
    { subject: '', prefix: 'CS', expected: null },
  ];
  it.each(cases)('$subject', ({ subject, prefix, expected }) => {
    expect(findTicketNumber(subject, prefix)).toBe(expected);
  });
});

describe('subjects', () => {
  it.each([
    ['Re: Refund [#CS20260505001]', 'Refund'],
    ['RE: Fwd: 回复：退款申请', '退款申请'],
    ['答复: [#CS20260505001] 发票', '发票'],
    ['Re[2]: Invoice', 'Invoice'],
    ['Regarding the order', 'Regarding the order'],
    ['回复：退款请求：订单（20261201）未到账，急！', '退款请求：订单（20261201）未到账，急！'],
    ['回复：退款［＃ＣＳ２０２６０５０５０１２］', '退款'],
    ['Re: 发票【#cs20260505001】', '发票'],
  ])('base of %s is %s', (subject, expected) => {
    expect(baseSubject(subject, 'CS')).toBe(expected);
  });

  it('reply subjects carry the number once', () => {
    expect(replySubject('Refund', 'CS20260505001', 'CS')).toBe('Re: Refund [#CS20260505001]');
    expect(replySubject('Re: Refund [#CS20260505001]', 'CS20260505001', 'CS')).toBe('Re: Refund [#CS20260505001]');
    expect(replySubject('', 'CS20260505001', 'CS')).toBe('Re: [#CS20260505001]');
  });
});

describe('message ids', () => {
  const id = '0190f3a2-7b1c-7d4e-8f00-1234567890ab';
  it('outbound ids are deterministic and recognised as ours', () => {
    expect(outboundMessageId(id, 'Demo.Kefu.Local')).toBe(`<kefu.${id}@demo.kefu.local>`);
    expect(isOwnMessageId(outboundMessageId(id, 'demo.kefu.local'), ['demo.kefu.local'])).toBe(true);
    expect(isOwnMessageId(outboundMessageId(id, 'demo.kefu.local'), ['other.example'])).toBe(false);
    expect(isOwnMessageId('<kefu.not-a-uuid@demo.kefu.local>', ['demo.kefu.local'])).toBe(false);
    expect(isOwnMessageId(null, ['demo.kefu.local'])).toBe(false);
  });

  it('candidates put In-Reply-To first, then References newest first', () => {
    expect(threadCandidates({ inReplyTo: ['<c@x>'], references: ['<a@x>', '<b@x>', '<c@x>'] })).toEqual(['<c@x>', '<b@x>', '<a@x>']);
    expect(threadCandidates({ inReplyTo: [], references: [] })).toEqual([]);
  });

  it('references end with the answered id and keep the first when cut', () => {
    expect(referencesFor(['<a@x>', '<b@x>'], '<c@x>')).toEqual(['<a@x>', '<b@x>', '<c@x>']);
    expect(referencesFor(['<a@x>', '<c@x>', '<b@x>'], '<c@x>')).toEqual(['<a@x>', '<b@x>', '<c@x>']);
    const long = Array.from({ length: 30 }, (_, index) => `<m${index}@x>`);
    const cut = referencesFor(long, '<last@x>', 5);
    expect(cut).toEqual(['<m0@x>', '<m27@x>', '<m28@x>', '<m29@x>', '<last@x>']);
  });
});
