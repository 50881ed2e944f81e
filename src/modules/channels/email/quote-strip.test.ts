import { describe, expect, it } from 'vitest';
import { stripQuotedReply } from './quote-strip.ts';

describe('stripQuotedReply', () => {
  const cases: { name: string; text: string; expected: string }[] = [
    { name: 'plain text stays', text: 'Hello,\nmy order has not arrived.\n\nThanks', expected: 'Hello,\nmy order has not arrived.\n\nThanks' },
    {
      name: 'Gmail attribution',
      text: 'Still broken.\n\nOn Tue, 5 May 2026 at 10:02, Kefu Support <support@demo.kefu.local> wrote:\n> We have reset it.\n> Regards',
      expected: 'Still broken.',
    },
    {
      name: 'attribution wrapped over two lines',
      text: 'Thanks!\n\nOn Tue, May 5, 2026 at 10:02 AM Kefu Support <support@demo.kefu.local>\nwrote:\n\n> Done.',
      expected: 'Thanks!',
    },
    { name: 'Apple Mail', text: 'OK\n\n> On 5 May 2026, at 10:02, Support <s@x.cn> wrote:\n> \n> Done.', expected: 'OK' },
    {
      name: 'Chinese Gmail/Foxmail attribution',
      text: '还是没有收到退款。\n\n在 2026年5月5日 周二 10:02，客服 <support@demo.kefu.local> 写道：\n> 已为您处理。',
      expected: '还是没有收到退款。',
    },
    { name: 'Chinese attribution without 在', text: '好的，谢谢\n\n2026年5月5日 10:02，李娜 写道:\n> 请提供订单号', expected: '好的，谢谢' },
    { name: 'traditional Chinese attribution', text: '收到了\n\n於 2026年5月5日 週二 上午10:02，客服 寫道：\n> 已處理', expected: '收到了' },
    {
      name: 'Outlook English separator block',
      text: 'Please call me.\n\n________________________________\nFrom: Kefu Support <support@demo.kefu.local>\nSent: Tuesday, May 5, 2026 10:02 AM\nTo: Zhang San <zs@example.cn>\nSubject: Re: Refund [#CS20260505001]\n\nWe have reset it.',
      expected: 'Please call me.',
    },
    {
      name: 'Outlook Chinese header block',
      text: '附件是发票。\n\n发件人: 客服 <support@demo.kefu.local>\n发送时间: 2026年5月5日 10:02\n收件人: 张三 <zs@example.cn>\n主题: 回复: 发票 [#CS20260505001]\n\n请提供发票。',
      expected: '附件是发票。',
    },
    {
      name: 'QQ Mail original-message rule',
      text: '已经收到，谢谢！\n\n------------------ 原始邮件 ------------------\n发件人: "客服"<support@demo.kefu.local>;\n发送时间: 2026年5月5日(星期二) 上午10:02',
      expected: '已经收到，谢谢！',
    },
    { name: 'Original Message rule', text: 'See below\n\n-----Original Message-----\nFrom: a@b.c\nhello', expected: 'See below' },
    { name: 'a sentence beginning with From: is kept', text: 'From: the warehouse, nothing yet.\nPlease check.', expected: 'From: the warehouse, nothing yet.\nPlease check.' },
    { name: 'interleaved quotes are kept', text: '> Which order?\nNumber 42.\n> And the date?\nYesterday.', expected: '> Which order?\nNumber 42.\n> And the date?\nYesterday.' },
    { name: 'trailing quote block without attribution', text: 'Yes please.\n\n> Shall we refund?\n>\n> Li Na', expected: 'Yes please.' },
    { name: 'signature delimiter', text: 'Call me back.\n\n-- \nZhang San\nACME Ltd.\n+86 138 0000 0000', expected: 'Call me back.' },
    { name: 'mobile signature (English)', text: 'On my way.\n\nSent from my iPhone', expected: 'On my way.' },
    { name: 'mobile signature (Chinese)', text: '好的\n\n发自我的iPhone', expected: '好的' },
    { name: 'only a quote: whole text kept', text: 'On Tue, 5 May 2026 Support <s@x.cn> wrote:\n> hello', expected: 'On Tue, 5 May 2026 Support <s@x.cn> wrote:\n> hello' },
    { name: 'CRLF line ends', text: 'Fine.\r\n\r\nOn Mon, 4 May 2026, Li <li@x.cn> wrote:\r\n> ok', expected: 'Fine.' },
  ];
  it.each(cases)('$name', ({ text, expected }) => {
    expect(stripQuotedReply(text)).toBe(expected);
  });
});
