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
