/**
 * What the bot does with a message, as a pure decision over what the matchers found: a request for a person
 * always hands off; an intent or an article is used only above the confidence threshold; between the suggestion
 * floor and the threshold the top articles are offered; below, the conversation goes to a human with the bot's guess.
 */

export interface Candidate {
  id: string;
  confidence: number;
}

export interface DecisionInput {
  asksForHuman: boolean;
  intent?: Candidate & { action: 'reply' | 'lookup' | 'handoff' };
  articles: readonly Candidate[];
  answerThreshold: number;
  suggestThreshold: number;
}

export type Decision =
  | { kind: 'handoff'; reason: 'requested' | 'intent' | 'unsure'; guess: Candidate | null }
  | { kind: 'intent'; intentId: string; action: 'reply' | 'lookup'; confidence: number }
  | { kind: 'answer'; articleId: string; confidence: number }
  | { kind: 'suggest'; articleIds: string[]; confidence: number };

const SUGGESTIONS = 3;

export function decide(input: DecisionInput): Decision {
  const best = input.articles[0];
  const guess = (): Candidate | null => {
    const candidates = [input.intent, best].filter((candidate): candidate is Candidate => candidate !== undefined);
    return candidates.sort((a, b) => b.confidence - a.confidence)[0] ?? null;
  };
  if (input.asksForHuman) return { kind: 'handoff', reason: 'requested', guess: guess() };
  const intent = input.intent && input.intent.confidence >= input.answerThreshold ? input.intent : undefined;
  // An intent above the threshold wins over an article only when it is at least as sure.
  if (intent && (!best || intent.confidence >= best.confidence)) {
    if (intent.action === 'handoff') return { kind: 'handoff', reason: 'intent', guess: intent };
    return { kind: 'intent', intentId: intent.id, action: intent.action, confidence: intent.confidence };
  }
  if (best && best.confidence >= input.answerThreshold) return { kind: 'answer', articleId: best.id, confidence: best.confidence };
  const offered = input.articles.filter((article) => article.confidence >= input.suggestThreshold).slice(0, SUGGESTIONS);
  if (offered.length > 0) return { kind: 'suggest', articleIds: offered.map((article) => article.id), confidence: offered[0]!.confidence };
  return { kind: 'handoff', reason: 'unsure', guess: guess() };
}
