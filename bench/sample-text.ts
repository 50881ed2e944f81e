import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// English utterances are read in place from the shared Bitext sample (CDLA-Sharing-1.0) when present.
const BITEXT = fileURLToPath(new URL('../../shared/data/bitext-customer-support/Bitext_Sample_Customer_Support_Training_Dataset.csv', import.meta.url));

const ZH_TOPICS = ['物流信息', '退款', '发票', '会员积分', '优惠券', '订单', '快递', '售后维修', '账号登录', '支付失败', '商品质量', '退货'];
const ZH_PROBLEMS = ['超过3天未更新', '一直没有到账', '申请后没有回复', '显示异常', '无法使用', '被重复扣款', '与描述不符', '需要加急处理', '联系不上客服', '地址填写错误'];
const ZH_DETAILS = ['请尽快帮我处理，谢谢。', '已经等了很久了，非常着急。', '订单号在附件里。', '这是第二次反映这个问题了。', '希望能给个明确的处理时间。'];
const EN_FALLBACK = ['Refund not received after two weeks', 'Package stuck in transit', 'Cannot log in to my account', 'Invoice shows the wrong amount', 'Coupon code does not work at checkout'];

function loadEnglish(): string[] {
  if (!existsSync(BITEXT)) return EN_FALLBACK;
  const lines = readFileSync(BITEXT, 'utf8').split('\n').slice(1);
  const utterances: string[] = [];
  for (const line of lines) {
    const match = /^customer support,virtual assistant,("?)(.*?)\1,[a-z_]+,/.exec(line);
    if (match?.[2] && match[2].length > 10 && match[2].length < 160) utterances.push(match[2]);
  }
  return utterances.length > 100 ? utterances : EN_FALLBACK;
}

let english: string[] | undefined;

/** Deterministic bilingual ticket text for index i: about half Chinese, half English. */
export function sampleTicket(i: number): { subject: string; description: string; name: string; email: string } {
  english ??= loadEnglish();
  const pick = <T>(list: T[], salt: number): T => list[(i * 7919 + salt * 104729) % list.length]!;
  if (i % 2 === 0) {
    const topic = pick(ZH_TOPICS, 1);
    const problem = pick(ZH_PROBLEMS, 2);
    return { subject: `${topic}${problem}`, description: `${topic}${problem}，${pick(ZH_DETAILS, 3)}`, name: `客户${i}`, email: `c${i}@example.cn` };
  }
  const text = pick(english, 4);
  return { subject: text.slice(0, 120), description: `${text}. ${pick(EN_FALLBACK, 5)}.`, name: `Customer ${i}`, email: `c${i}@example.com` };
}
