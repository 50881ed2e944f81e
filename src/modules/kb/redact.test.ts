import { describe, expect, it } from 'vitest';
import { redactPersonalData } from './redact.ts';

const zh = (text: string, names?: string[]) => redactPersonalData(text, { locale: 'zh-CN', names }).text;
const en = (text: string, names?: string[]) => redactPersonalData(text, { locale: 'en', names }).text;

describe('redactPersonalData', () => {
  it.each([
    ['a mobile number', '请回电 13912345678，谢谢', '请回电 [电话]，谢谢'],
    ['a mobile number with separators and +86', '电话 +86 139-1234-5678', '电话 [电话]'],
    ['a landline', '座机 010-12345678', '座机 [电话]'],
    ['an e-mail address', '发到 zhang.wei+shop@example.com.cn 吧', '发到 [邮箱] 吧'],
    ['an ID card number', '身份证 11010519491231002X 已核验', '身份证 [证件号] 已核验'],
    ['a labelled order number', '订单号：DD20260301123 未发货', '订单号：[订单号] 未发货'],
    ['a tracking number', '运单号 SF1234567890123', '运单号 [订单号]'],
    ['a bare long number', '卡号 6222021234567890123 被扣款', '卡号 [订单号] 被扣款'],
    ['a known name', '张伟 说收到的货是坏的', '[客户] 说收到的货是坏的'],
    ['a form of address', '王女士反映耳机没声音', '[客户]反映耳机没声音'],
  ])('masks %s (zh-CN)', (_label, input, expected) => {
    expect(zh(input, ['张伟'])).toBe(expected);
  });

  it.each([
    ['a name, whole words only', 'Zhang Wei wrote; Zhangwei did not', '[customer] wrote; Zhangwei did not', ['Zhang Wei']],
    ['the longer name first', 'Anna Lee and Anna', '[customer] and [customer]', ['Anna', 'Anna Lee']],
    ['an order number with its label', 'Order #A12345678 arrived broken', 'Order #[order number] arrived broken', []],
    ['a mixed identifier', 'reference AB12CD34EF in the mail', 'reference [order number] in the mail', []],
    ['an international phone', 'call +44 20 7946 0958 today', 'call [phone] today', []],
  ])('masks %s (en)', (_label, input, expected, names) => {
    expect(en(input, names)).toBe(expected);
  });

  it('leaves ordinary text, prices, dates and short numbers alone', () => {
    const text = '退款 299 元已于 2026-03-01 到账，7 天内可退货。Refund of 299 within 7 days, model X2.';
    expect(zh(text)).toBe(text);
  });

  it('counts what it masked', () => {
    expect(redactPersonalData('13912345678 / a@b.cn / 13812345678', { locale: 'en' }).counts).toEqual({ email: 1, phone: 2 });
  });
});
