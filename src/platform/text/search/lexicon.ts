/**
 * The bilingual lexicon of the search engine, written for Kefu: how customers of an online shop or a web
 * service say a thing, and the words its help articles use for it. Two kinds of entries:
 *
 * - **Rewrites** turn a colloquial or abbreviated spelling into the standard one before the text is split
 *   into terms (咋 → 怎么, pls → please), so the standard form's words and character pairs are what
 *   both sides index.
 * - **Synonym groups** name one concept several ways (开不了机 ≈ 无法开机, log in ≈ sign in). A text holding
 *   any member gets the group's own term as well, so a query and an article that chose different
 *   members still share a term. Groups keep every member's own terms too: the exact wording still counts more.
 *
 * Entries are general language, never a particular question's wording: a group belongs here when a help desk
 * would accept either member as an answer to the other. Everything is matched after normalisation (lower case,
 * half width, simplified characters); English members are matched on their stems, so `sign in` also covers
 * `signing in`. `lexicon.test.ts` checks the entries are well formed and that no phrase is in two groups.
 */

/** Chinese colloquial spellings → standard written Chinese (substring replacement, longest first). */
export const CHINESE_REWRITES: Readonly<Record<string, string>> = {
  咋: '怎么',
  肿么: '怎么',
  啥: '什么',
  神马: '什么',
  为毛: '为什么',
  木有: '没有',
  没得: '没有',
  几时: '什么时候',
  多会儿: '什么时候',
  酱紫: '这样',
  介个: '这个',
  登陆: '登录',
  登入: '登录',
  没法: '无法',
};

/**
 * Chinese words that say how a question is asked rather than what it is about: question words, modal verbs,
 * conjunctions and adverbs of time. Nearly every customer question holds some of them, and a help article's title
 * holds others (怎么办, 可以…吗), so in a small bank a shared 在哪里 or 已经 would outrank the words that carry the
 * topic. Search ignores them, and the character pairs they would form with their neighbours (退货在哪里 gives 退货,
 * not 货在). Common general-language words only; never a topic word of any domain.
 */
export const CHINESE_FUNCTION_WORDS: readonly string[] = (
  '怎么办 怎么样 怎么 怎样 为什么 为何 什么 如何 在哪里 在哪儿 哪里 哪儿 在哪 多久 多长时间 是不是 能不能 可不可以 可以 能否 是否 有没有 ' +
  '一般 一直 已经 还是 但是 可是 就是 然后 所以 因为 如果 现在 之前 之后 刚刚 一下'
).split(' ');

/** English abbreviations and contractions without the apostrophe → standard words (whole words only). */
export const ENGLISH_REWRITES: Readonly<Record<string, string>> = {
  u: 'you',
  ur: 'your',
  pls: 'please',
  plz: 'please',
  thx: 'thanks',
  thanx: 'thanks',
  acct: 'account',
  acc: 'account',
  pwd: 'password',
  passwd: 'password',
  pw: 'password',
  msg: 'message',
  msgs: 'messages',
  pic: 'picture',
  pics: 'pictures',
  img: 'image',
  info: 'information',
  fb: 'facebook',
  yt: 'youtube',
  vid: 'video',
  vids: 'videos',
  addr: 'address',
  dept: 'department',
  approx: 'approximately',
  asap: 'as soon as possible',
  cant: 'can not',
  cannot: 'can not',
  dont: 'do not',
  doesnt: 'does not',
  didnt: 'did not',
  isnt: 'is not',
  wasnt: 'was not',
  arent: 'are not',
  werent: 'were not',
  havent: 'have not',
  hasnt: 'has not',
  wont: 'will not',
  couldnt: 'could not',
  shouldnt: 'should not',
  wouldnt: 'would not',
  im: 'i am',
  ive: 'i have',
};

/** Concepts named several ways. The first member names the group. */
export const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  // 售后 after-sales
  ['退换货', '退货', '退回商品', '退掉', '换货', '换一个'],
  ['退款', '退钱', '返款', '把钱退', '钱退回', '退费'],
  ['无理由退货', '七天无理由', '7天无理由'],
  ['质量问题', '有瑕疵', '次品', '残次品', '有问题的商品', '做工差'],
  ['破损', '坏了', '摔坏', '压坏', '碎了', '烂了', '损坏'],
  ['发错货', '发错了', '错发', '寄错'],
  ['少发', '漏发', '缺件', '少了一件', '少寄'],
  ['维修', '修理', '返修', '送修', '保修'],
  ['退货运费', '运费险', '退货邮费'],
  ['价格保护', '价保', '保价', '降价补差', '买贵了', '降价了'],
  ['售后', '售后服务'],
  // 物流 delivery
  ['快递', '物流', '包裹', '快件'],
  ['送达', '送到', '到货', '收到货', '寄到', '到了没'],
  ['签收', '妥投', '已送达'],
  ['物流信息', '物流轨迹', '快递单号', '运单号', '物流单号', '查件'],
  ['发货', '出库', '寄出', '发出'],
  ['催发货', '什么时候发货', '还没发货', '迟迟不发货'],
  ['收货地址', '地址', '送货地址'],
  ['运费', '邮费', '快递费', '配送费'],
  ['偏远地区', '新疆', '西藏', '青海'],
  ['自提', '快递柜', '驿站', '代收点'],
  ['快递公司', '顺丰', '中通', '圆通', '申通', '韵达', '极兔', '邮政', 'ems', '京东物流', '德邦', '百世', '承运商'],
  ['配送时效', '次日达', '当日达', '隔日达', '加急', '准时达', '送达时间'],
  ['外卖', '骑手', '送餐', '配送员', '外卖员', '餐品'],
  ['尺码', '码数', '尺寸', '大一码', '小一码', '偏大', '偏小', '穿着紧', '穿着松'],
  // 支付 payment
  ['支付方式', '微信支付', '支付宝', '银联', '云闪付', '礼品卡', 'apple pay', '货到付款'],
  ['付款', '支付', '付钱', '买单', '结账'],
  ['支付失败', '付不了款', '付款失败', '支付不成功', '扣款失败'],
  ['重复扣款', '扣了两次', '多扣钱', '重复支付', '扣了两遍'],
  ['分期', '分期付款', '花呗', '信用卡分期'],
  ['余额', '零钱'],
  ['银行卡', '信用卡', '储蓄卡', '借记卡'],
  ['到账', '钱到了', '入账'],
  // 账户 account
  ['账号', '账户', '用户名', '会员号'],
  ['登录', '登不上', '进不去', '上不去'],
  ['忘记密码', '密码忘了', '找回密码', '重置密码', '不记得密码'],
  ['修改密码', '改密码', '更改密码'],
  ['冻结', '封号', '被封', '账号异常', '锁定'],
  ['解冻', '解封', '解除冻结', '解锁'],
  ['注销账号', '注销', '删除账号', '销户'],
  ['绑定手机', '换绑', '更换手机号', '手机号换了'],
  ['验证码', '短信码', '校验码'],
  ['实名认证', '实名', '身份认证', '身份证验证'],
  // 订单 order
  ['取消订单', '撤销订单', '不想要了', '取消购买'],
  ['修改订单', '改订单', '更改订单', '改地址'],
  ['订单', '单子'],
  ['下单', '拍下', '购买'],
  ['缺货', '没货', '断货', '售罄', '无货'],
  ['预售', '定金', '尾款'],
  // 优惠 promotions, 会员 membership
  ['优惠券', '券', '红包', '折扣码', '代金券'],
  ['满减', '满额减'],
  ['积分', '会员积分'],
  ['会员', 'vip', 'plus会员'],
  ['自动续费', '自动扣费', '自动续订'],
  // 发票 invoices
  ['发票', '开票', '收据', '电子发票', '增值税发票'],
  ['抬头', '发票抬头', '公司名称'],
  // 产品 / 技术支持 product and technical support
  ['无法开机', '开不了机', '开不开机', '不能开机', '启动不了', '无法启动', '开机没反应'],
  ['充不进电', '充不了电', '无法充电', '充电没反应', '不充电'],
  ['连不上', '连接不上', '无法连接', '连不了', '配对失败', '搜不到'],
  ['闪退', '崩溃', '自动退出', '卡死'],
  ['死机', '卡顿', '卡住', '很卡', '反应慢'],
  ['蓝牙', 'bluetooth'],
  ['无线网络', 'wifi', 'wi fi', '无线网'],
  ['说明书', '使用说明', '怎么用', '使用方法', '使用教程'],
  ['升级', '固件升级', '系统更新', '版本更新'],
  ['恢复出厂设置', '重置', '恢复出厂'],
  ['正品', '真货', '假货', '是不是真的'],
  // 人工 people
  ['人工客服', '转人工', '真人', '人工服务', '找客服'],
  ['投诉', '举报', '差评'],
  // English help-desk and web-application words
  ['delete', 'remove', 'erase', 'get rid of', 'wipe'],
  ['log in', 'login', 'sign in', 'signin', 'log on', 'logon'],
  ['log out', 'logout', 'sign out', 'signout', 'log off'],
  ['sign up', 'signup', 'register', 'registration', 'create an account', 'open an account'],
  ['password', 'passcode', 'passphrase'],
  ['username', 'user name', 'login name', 'screen name', 'handle'],
  ['email', 'e mail', 'mail'],
  ['picture', 'photo', 'image', 'photograph', 'snapshot'],
  ['change', 'modify', 'edit', 'alter', 'update'],
  ['cancel', 'terminate', 'call off', 'stop'],
  ['refund', 'money back', 'reimburse', 'reimbursement', 'repay'],
  ['contact', 'reach', 'get in touch', 'talk to'],
  ['delivery', 'shipping', 'shipment'],
  ['purchase', 'order', 'buy'],
  ['hide', 'conceal', 'make invisible'],
  ['notification', 'alert', 'notice'],
  ['download', 'save a copy', 'export'],
  ['block', 'ban', 'blacklist'],
  ['spam', 'junk', 'unwanted mail'],
  ['shortcut', 'hotkey', 'key combination', 'keyboard shortcut'],
  ['customer service', 'customer support', 'support team', 'help desk', 'helpdesk', 'human agent', 'real person'],
  ['invoice', 'bill', 'receipt'],
  ['fee', 'charge', 'cost', 'price'],
  ['broken', 'damaged', 'defective', 'faulty', 'not working'],
  ['lost', 'missing', 'stolen'],
  ['address', 'location'],
  ['phone number', 'mobile number', 'telephone number', 'cell number'],
  ['forget', 'forgot', 'do not remember', 'can not remember', 'lost my'],
  ['reset', 'recover', 'retrieve', 'restore'],
  ['unsubscribe', 'opt out', 'stop receiving'],
  ['subscribe', 'sign up for', 'subscription'],
  ['private', 'privacy', 'visible only to me'],
  ['share', 'send to'],
  ['search', 'look up', 'find'],
  ['calendar', 'schedule'],
  ['spreadsheet', 'sheet', 'excel'],
  ['document', 'doc', 'file'],
  ['website', 'web site', 'site', 'webpage', 'web page', 'page'],
  ['browser', 'chrome', 'firefox', 'safari'],
  ['phone', 'mobile', 'smartphone', 'cellphone', 'iphone', 'android'],
  ['tag', 'label'],
  ['folder', 'directory'],
  ['keyboard', 'keys'],
  ['multiple', 'several', 'many', 'more than one'],
  ['automatic', 'automatically', 'auto'],
  ['friend', 'buddy'],
  ['url', 'link', 'address bar'],
];
