/** Bilingual demo material: realistic enough that search, views and analytics have something to show. */

export interface DemoCase {
  lang: 'zh' | 'en';
  type: string;
  subject: string;
  description: string;
  reply: string;
  customerFollowUp: string;
  note: string;
  tags: string[];
}

const ZH_CASES: Omit<DemoCase, 'lang'>[] = [
  { type: 'after_sales', subject: '物流信息超过3天未更新', description: '我的订单 {order} 已经发货，但物流信息超过3天没有更新了，请帮忙查一下。', reply: '您好，已为您联系快递公司核实，包裹在中转站滞留，预计明天更新，请您耐心等待。', customerFollowUp: '好的，谢谢，明天如果还没更新我再联系你们。', note: '已在快递后台提交催件工单。', tags: ['物流', '催件'] },
  { type: 'complaint', subject: '退款申请一周仍未到账', description: '订单 {order} 退货已签收一周，退款还没有到账，非常不满意。', reply: '非常抱歉给您带来不便，财务已加急处理，退款将在1-3个工作日原路退回。', customerFollowUp: '希望这次能按时到账，不要再拖了。', note: '已转财务部加急，投诉登记。', tags: ['退款', '投诉'] },
  { type: 'consultation', subject: '会员积分如何兑换优惠券', description: '请问会员积分可以兑换哪些优惠券？在哪里操作？', reply: '您好，在"我的-会员中心-积分商城"即可兑换，100积分可兑换5元无门槛券。', customerFollowUp: '找到了，谢谢！', note: '常见问题，可补充到知识库。', tags: ['会员', '积分'] },
  { type: 'technical_support', subject: 'App 登录时提示验证码错误', description: '手机号 {phone} 登录时一直提示验证码错误，已经试了好几次。', reply: '您好，我们发现短信通道有延迟，已为您重置，请使用最新收到的验证码登录。', customerFollowUp: '现在可以登录了。', note: '技术部确认短信网关延迟，已恢复。', tags: ['登录', '验证码'] },
  { type: 'after_sales', subject: '收到的商品有破损，申请换货', description: '订单 {order} 收到的杯子有裂痕，附上照片，申请换货。', reply: '非常抱歉，已为您登记换货，新商品今天发出，快递员上门取回破损件。', customerFollowUp: '收到新的了，完好无损。', note: '仓库包装问题，已反馈质检。', tags: ['换货', '破损'] },
  { type: 'consultation', subject: '发票抬头开错了，能否重开', description: '订单 {order} 的电子发票抬头写错了，需要改成公司名称。', reply: '您好，已为您作废原发票并重新开具，新发票已发送到您的邮箱。', customerFollowUp: '收到了，谢谢。', note: '财务已重开发票。', tags: ['发票'] },
  { type: 'complaint', subject: '客服电话一直打不通', description: '昨天下午打了十几次客服电话都没人接，问题一直没解决。', reply: '非常抱歉让您久等，昨天来电高峰排队较长，现在由我专门为您跟进处理。', customerFollowUp: '好吧，希望以后能改进。', note: '响应慢投诉，主管需24小时内回访。', tags: ['投诉', '响应慢'] },
  { type: 'suggestion', subject: '建议增加夜间配送时段', description: '上班族白天不在家，建议增加晚上7点到10点的配送时段。', reply: '感谢您的建议，我们已转给物流部门评估，后续上线会通知您。', customerFollowUp: '好的，期待。', note: '已汇总到产品建议池。', tags: ['建议', '配送'] },
  { type: 'technical_support', subject: '支付时提示银行卡被拒绝', description: '用尾号 8821 的银行卡支付时一直提示被拒绝，但卡里有钱。', reply: '您好，这是银行风控拦截，请联系发卡行解除限制，或改用其他支付方式。', customerFollowUp: '换了支付宝可以了。', note: '非系统问题。', tags: ['支付'] },
  { type: 'after_sales', subject: '空调安装预约时间修改', description: '原定周六上门安装空调，想改到下周二上午。', reply: '已为您改约到下周二上午9点到12点，师傅出发前会电话联系您。', customerFollowUp: '好的，谢谢。', note: '已通知安装服务商。', tags: ['安装', '预约'] },
];

const EN_CASES: Omit<DemoCase, 'lang'>[] = [
  { type: 'after_sales', subject: 'Refund not received after two weeks', description: 'I returned order {order} two weeks ago and the refund has still not reached my card.', reply: 'Sorry for the wait. Finance has prioritised your refund; it will reach your card within 1–3 business days.', customerFollowUp: 'Thanks, I will keep an eye on it.', note: 'Escalated to finance.', tags: ['refund'] },
  { type: 'after_sales', subject: 'Package stuck in transit for 5 days', description: 'Tracking for order {order} has not moved for five days.', reply: 'The carrier confirmed a delay at the hub; your package leaves today and should arrive in two days.', customerFollowUp: 'Got it, thank you.', note: 'Chased the carrier.', tags: ['shipping'] },
  { type: 'technical_support', subject: 'Cannot log in to my account', description: 'The login page says my password is wrong, even after a reset.', reply: 'Your account was locked after several attempts; I have unlocked it. Please try again with the new password.', customerFollowUp: 'It works now, thanks!', note: 'Account lockout, no fault found.', tags: ['login'] },
  { type: 'consultation', subject: 'How do I change my delivery address?', description: 'I moved last week. How do I update the address on my open order {order}?', reply: 'I have updated the address on the order for you; future orders can use Settings → Addresses.', customerFollowUp: 'Perfect.', note: 'FAQ candidate.', tags: ['address'] },
  { type: 'complaint', subject: 'Charged twice for the same order', description: 'My card shows two charges for order {order}. Please fix this.', reply: 'I am sorry about this. The duplicate charge was a pre-authorisation; it has been released and will disappear within 3 days.', customerFollowUp: 'OK, I will check on Friday.', note: 'Payment gateway duplicate authorisation.', tags: ['billing', 'complaint'] },
  { type: 'suggestion', subject: 'Please add dark mode to the app', description: 'The app is very bright at night. A dark mode would be great.', reply: 'Thanks for the suggestion! I have passed it to our product team.', customerFollowUp: 'Thanks!', note: 'Product feedback logged.', tags: ['feedback'] },
  { type: 'technical_support', subject: 'Invoice PDF does not download', description: 'Clicking "Download invoice" does nothing in Chrome.', reply: 'We fixed an issue with invoice downloads this morning; please try again and let me know.', customerFollowUp: 'Downloaded fine now.', note: 'Linked to release fix.', tags: ['invoice'] },
  { type: 'consultation', subject: 'Coupon code does not work at checkout', description: 'The code WELCOME10 says it is not valid for my cart.', reply: 'That code applies to first orders over ¥100; I have added an equivalent coupon to your account.', customerFollowUp: 'Applied, thank you.', note: 'Coupon conditions unclear on the page.', tags: ['coupon'] },
];

export const DEMO_CASES: DemoCase[] = [...ZH_CASES.map((c) => ({ ...c, lang: 'zh' as const })), ...EN_CASES.map((c) => ({ ...c, lang: 'en' as const }))];

const ZH_SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭'];
const ZH_GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '洋', '艳', '勇', '军', '杰', '娟', '涛', '明'];
const EN_FIRST = ['Emma', 'Liam', 'Olivia', 'Noah', 'Ava', 'James', 'Sophia', 'Lucas', 'Mia', 'Ethan', 'Grace', 'Henry'];
const EN_LAST = ['Smith', 'Brown', 'Wilson', 'Taylor', 'Clark', 'Walker', 'Hall', 'Young', 'King', 'Wright'];
const ORGS = ['星辰科技有限公司', '华悦贸易', 'Northwind Traders', 'Contoso Ltd', null, null, null];

/** A small deterministic generator, so the demo data is the same on every machine. */
export function createRandom(seed: number) {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!,
    chance: (p: number) => next() < p,
  };
}

export type Random = ReturnType<typeof createRandom>;

export function demoCustomer(random: Random, index: number, lang: 'zh' | 'en') {
  if (lang === 'zh') {
    const name = `${random.pick(ZH_SURNAMES)}${random.pick(ZH_GIVEN)}${random.chance(0.5) ? random.pick(ZH_GIVEN) : ''}`;
    const phone = `1${random.pick(['38', '39', '58', '86', '88'])}${String(10_000_000 + index * 7919 % 89_999_999).padStart(8, '0')}`;
    return { name, phone, email: random.chance(0.4) ? `user${index}@example.cn` : undefined, organization: random.pick(ORGS) };
  }
  const first = random.pick(EN_FIRST);
  const last = random.pick(EN_LAST);
  return { name: `${first} ${last}`, email: `${first}.${last}.${index}@example.com`.toLowerCase(), phone: undefined, organization: random.pick(ORGS) };
}
