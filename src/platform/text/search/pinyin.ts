import { pinyin } from 'pinyin-pro';

/**
 * Homophone keys for Chinese characters. Chinese is typed phonetically, so a customer's typo is nearly
 * always a character with the same sound (快第 for 快递, 以签收 for 已签收); matching on the sound of
 * neighbouring characters finds the word that was meant. The key is the toneless pinyin of the
 * character's most common reading, made "fuzzy" the way Chinese input methods offer it: retroflex and
 * flat initials meet (zh/z, ch/c, sh/s) and so do front and back nasal finals (an/ang, en/eng, in/ing),
 * the pairs speakers of southern Mandarin mix up. Documents and queries get the same keys, so a
 * character read differently in context (行 as hang or xing) still meets itself.
 */

const keyByChar = new Map<string, string>();

function fuzzy(syllable: string): string {
  return syllable.replace(/^([zcs])h/, '$1').replace(/([aei])ng$/, '$1n');
}

/** The fuzzy toneless pinyin of one Han character, or undefined for anything else. */
export function homophoneKey(char: string): string | undefined {
  const cached = keyByChar.get(char);
  if (cached !== undefined) return cached || undefined;
  const reading = isHan(char) ? pinyin(char, { toneType: 'none', type: 'array' })[0] : undefined;
  const key = reading && /^[a-zü]+$/.test(reading) ? fuzzy(reading.replace('ü', 'v')) : '';
  keyByChar.set(char, key);
  return key || undefined;
}

const HAN = /^\p{Script=Han}$/u;

export function isHan(char: string): boolean {
  return HAN.test(char);
}

/**
 * Every toneless pinyin syllable (ü typed as v, as on a keyboard): the readings pinyin-pro gives the characters
 * U+4E00–U+9FFF. A customer whose input method failed, or who does not remember a character, types the pinyin.
 */
const SYLLABLES = new Set(
  (
    'a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai can cang cao ce cen ' +
    'ceng cha chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan chuang chui chun chuo ci cong ' +
    'cou cu cuan cui cun cuo da dai dan dang dao de den deng di dia dian diao die ding diu dong dou du duan dui dun ' +
    'duo e ei en eng er fa fan fang fei fen feng fo fou fu ga gai gan gang gao ge gei gen geng gong gou gu gua guai ' +
    'guan guang gui gun guo ha hai han hang hao he hei hen heng hong hou hu hua huai huan huang hui hun huo ji jia ' +
    'jian jiang jiao jie jin jing jiong jiu ju juan jue jun ka kai kan kang kao ke kei ken keng kong kou ku kua ' +
    'kuai kuan kuang kui kun kuo la lai lan lang lao le lei leng li lia lian liang liao lie lin ling liu long lou ' +
    'lu luan lun luo lv lve m ma mai man mang mao me mei men meng mi mian miao mie min ming miu mo mou mu na nai ' +
    'nan nang nao ne nei nen neng ng ni nian niang niao nie nin ning niu nong nou nu nuan nuo nv nve o ou pa pai ' +
    'pan pang pao pei pen peng pi pian piao pie pin ping po pou pu qi qia qian qiang qiao qie qin qing qiong qiu qu ' +
    'quan que qun ran rang rao re ren reng ri rong rou ru ruan rui run ruo sa sai san sang sao se sen seng sha shai ' +
    'shan shang shao she shen sheng shi shou shu shua shuai shuan shuang shui shun shuo si song sou su suan sui sun ' +
    'suo ta tai tan tang tao te teng ti tian tiao tie ting tong tou tu tuan tui tun tuo wa wai wan wang wei wen ' +
    'weng wo wu xi xia xian xiang xiao xie xin xing xiong xiu xu xuan xue xun ya yan yang yao ye yi yin ying yo ' +
    'yong you yu yuan yue yun za zai zan zang zao ze zei zen zeng zha zhai zhan zhang zhao zhe zhen zheng zhi zhong ' +
    'zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo zi zong zou zu zuan zui zun zuo'
  ).split(' '),
);
const MAX_SYLLABLE = 6;

/**
 * The syllables `word` is written from when it is toneless pinyin typed as one word (mima → mi ma), in the
 * reading with the fewest syllables (xian, not xi an); undefined when it is not pinyin.
 */
export function pinyinSyllables(word: string): string[] | undefined {
  // fewest[i]: the fewest syllables that spell word[0, i); from[i]: where the last of them starts.
  const fewest = new Array<number>(word.length + 1).fill(Infinity);
  const from = new Array<number>(word.length + 1).fill(-1);
  fewest[0] = 0;
  for (let end = 1; end <= word.length; end++) {
    for (let start = Math.max(0, end - MAX_SYLLABLE); start < end; start++) {
      if (fewest[start]! + 1 < fewest[end]! && SYLLABLES.has(word.slice(start, end))) {
        fewest[end] = fewest[start]! + 1;
        from[end] = start;
      }
    }
  }
  if (!Number.isFinite(fewest[word.length])) return undefined;
  const syllables: string[] = [];
  for (let end = word.length; end > 0; end = from[end]!) syllables.unshift(word.slice(from[end]!, end));
  return syllables;
}

/** The sounds of pinyin typed as a word: one per neighbouring pair of syllables ("mi ma"), as Chinese text gets them. */
export function typedPinyinSounds(word: string): string[] {
  const syllables = word.length >= 4 ? pinyinSyllables(word) : undefined;
  if (!syllables || syllables.length < 2) return [];
  const keys = syllables.map(fuzzy);
  return keys.slice(1).map((key, index) => `${keys[index]} ${key}`);
}
