/**
 * The sentiment lexicon, written for Kefu from how customers write to a help desk in Chinese and English:
 * each cue with its valence, −3 (furious) … +3 (delighted). Cues are matched after normalisation (lower
 * case, simplified characters); English cues are compared by their stems, so "disappointed" also covers
 * "disappointing" and "disappointment". Chinese cues are matched longest first, so 不满意 (−2) is read before 满意 (+2) and 不错
 * (+2) before 不 negates anything.
 */

export const CHINESE_VALENCE: Readonly<Record<string, number>> = {
  // positive
  谢谢: 1.5, 感谢: 2, 多谢: 1.5, 辛苦了: 1.5, 满意: 2, 很满意: 2.5, 好评: 2, 五星: 2, 点赞: 2, 赞: 1.5, 给力: 2, 靠谱: 2,
  不错: 2, 挺好: 2, 很好: 2, 真好: 2, 太好了: 2.5, 好用: 2, 喜欢: 2, 开心: 2, 高兴: 2, 放心: 1.5, 贴心: 2, 耐心: 1.5,
  专业: 1.5, 及时: 1.5, 快速: 1, 顺利: 1.5, 解决了: 1.5, 完美: 2.5, 棒: 2, 优秀: 2, 惊喜: 2, 推荐: 1.5, 周到: 2, 热情: 1.5,
  没问题: 1, 好的: 0.5,
  // negative
  不满: -2, 不满意: -2.5, 失望: -2.5, 太失望: -3, 生气: -2.5, 气死: -3, 愤怒: -3, 火大: -2.5, 烦: -1.5, 烦死: -2.5, 郁闷: -1.5,
  差: -1.5, 太差: -2.5, 很差: -2.5, 差劲: -2.5, 垃圾: -3, 坑: -2, 坑人: -2.5, 骗: -2.5, 骗子: -3, 欺骗: -3, 忽悠: -2.5,
  投诉: -2.5, 差评: -2.5, 举报: -2, 曝光: -2, 报警: -2.5, 起诉: -2.5, 消协: -2.5, 12315: -2.5, 维权: -2,
  退钱: -1.5, 赔偿: -1.5, 索赔: -2, 欺负: -2.5, 无语: -2, 离谱: -2.5, 过分: -2.5, 太过分: -3, 恶心: -2.5, 糟糕: -2.5, 糟心: -2,
  不负责: -2.5, 不负责任: -3, 敷衍: -2.5, 踢皮球: -2.5, 推卸: -2, 没人管: -2.5, 没人理: -2.5, 不理: -2, 不回复: -2, 拖: -1.5,
  拖延: -2, 一直拖: -2.5, 慢: -1, 太慢: -2, 很慢: -2, 等了半天: -2, 等了很久: -2, 催了: -1.5, 急: -1, 着急: -1.5, 急死: -2.5,
  坏了: -1.5, 破损: -1.5, 丢了: -1.5, 错了: -1, 不能用: -1.5, 用不了: -1.5, 质量差: -2.5, 假货: -2.5, 上当: -2.5, 后悔: -2,
  别买: -2.5, 不好: -1.5, 不行: -1.5, 不靠谱: -2.5, 麻烦: -1, 倒霉: -2, 难用: -2, 崩溃: -2, 受不了: -2.5, 忍无可忍: -3,
  最后一次: -2, 再也不: -2.5, 黑店: -3, 无良: -3, 可恶: -2.5,
};

export const ENGLISH_VALENCE: Readonly<Record<string, number>> = {
  // positive
  thank: 1.5, great: 2, excellent: 2.5, amazing: 2.5, awesome: 2.5, perfect: 2.5, love: 2.5, happy: 2, glad: 2, satisfied: 2,
  good: 1.5, nice: 1.5, appreciate: 2, fantastic: 2.5, wonderful: 2, brilliant: 2.5, quick: 1, fast: 1, smooth: 1.5, resolved: 1,
  solved: 1, recommend: 1.5, friendly: 1.5, kind: 1.5, best: 2, cool: 1, fine: 0.5, impressed: 2, superb: 2.5, enjoy: 2,
  // negative
  bad: -2, terrible: -3, horrible: -3, awful: -2.5, worst: -3, poor: -2, disappointed: -2.5, angry: -2.5, annoyed: -2,
  frustrated: -2.5, furious: -3, upset: -2, unhappy: -2, unacceptable: -2.5, ridiculous: -2.5, useless: -2.5, rude: -2.5,
  scam: -3, fraud: -3, steal: -2.5, stolen: -1.5, liar: -3, complaint: -2, complain: -2, sue: -2.5, lawyer: -2, broken: -1.5,
  broke: -1.5, damaged: -1.5, defective: -1.5, wrong: -1.5, failed: -1.5, error: -1, problem: -1, issue: -0.5, slow: -1.5,
  late: -1, delay: -1.5, wait: -0.5, still: -0.5, never: -1, again: -0.5, hate: -3, sick: -2, tired: -1.5, waste: -2, joke: -2,
  nightmare: -3, mess: -2, pathetic: -3, incompetent: -3, unprofessional: -2.5, ignored: -2, disgusting: -3, shame: -2.5,
  cancel: -0.5, refund: -0.5, stupid: -2.5, crap: -3, suck: -2.5, damn: -2, hell: -2, urgent: -1, asap: -1, unbelievable: -2,
};

/** Words that flip the cue after them (English window: three words; Chinese: the characters just before). */
export const ENGLISH_NEGATORS = ['not', 'no', 'never', 'without', 'hardly', 'nor', 'neither', 'nobody', 'nothing', 'none', 'lack'];
export const CHINESE_NEGATORS = ['没有', '不是', '不太', '不够', '并不', '从不', '不', '没', '别', '未', '无', '非'];

/** Words that strengthen the cue after them. */
export const ENGLISH_INTENSIFIERS: Readonly<Record<string, number>> = {
  very: 1.4, really: 1.4, so: 1.3, extremely: 1.6, super: 1.4, too: 1.3, totally: 1.4, absolutely: 1.6, completely: 1.4,
  utterly: 1.6, incredibly: 1.5, most: 1.3, truly: 1.3, highly: 1.4,
};
export const CHINESE_INTENSIFIERS: Readonly<Record<string, number>> = {
  非常: 1.5, 特别: 1.5, 十分: 1.4, 极其: 1.6, 超级: 1.5, 超: 1.4, 太: 1.4, 真的: 1.3, 真: 1.2, 很: 1.2, 好: 1.1, 挺: 1.1, 实在: 1.3,
  简直: 1.5, 完全: 1.4, 一点都: 1.4, 根本: 1.4,
};

/** Words after which the sentence's real opinion follows ("the app is fine, but …"). */
export const ENGLISH_CONTRASTS = ['but', 'however', 'although', 'though', 'yet'];
export const CHINESE_CONTRASTS = ['但是', '可是', '不过', '然而', '但', '却'];
