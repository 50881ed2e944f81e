/**
 * "转人工" / "human" / "agent" always reach a person, whatever the bot thinks it knows. Chinese phrases match
 * anywhere in the message; English words match as whole words ("agent", "agents", not "reagent").
 */
import { normalizeText } from '../../platform/text/index.ts';

export const BUILT_IN_HANDOFF_PHRASES = ['转人工', '人工客服', '人工服务', '找人工', '真人', '人工', '客服人员', 'human', 'agent', 'real person', 'operator', 'representative', 'talk to someone', 'speak to someone'];

const HAN = /\p{Script=Han}/u;
const escape = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function asksForHuman(message: string, extraPhrases: readonly string[] = []): boolean {
  const text = normalizeText(message);
  for (const raw of [...BUILT_IN_HANDOFF_PHRASES, ...extraPhrases]) {
    const phrase = normalizeText(raw).trim();
    if (!phrase) continue;
    if (HAN.test(phrase)) {
      if (text.includes(phrase)) return true;
    } else if (new RegExp(`(?<![\\p{L}\\p{N}])${escape(phrase).replace(/ /g, '\\s+')}s?(?![\\p{L}\\p{N}])`, 'u').test(text)) return true;
  }
  return false;
}
