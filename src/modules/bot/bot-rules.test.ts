import { describe, expect, it } from 'vitest';
import { decide } from './bot-decision.ts';
import { asksForHuman } from './handoff-words.ts';
import { adjustConfidence, learnedFactor } from './learning.ts';
import { extractSlot, fillAnswer, fillUrl, isValidPattern } from './templates.ts';

describe('asksForHuman', () => {
  it.each([
    ['转人工', true],
    ['我要转人工！', true],
    ['找人工客服', true],
    ['I want a human', true],
    ['Can I talk to an AGENT please', true],
    ['agents?', true],
    ['real  person', true],
    ['我的快递到哪了', false],
    ['the reagent arrived broken', false],
    ['humane treatment', false],
  ])('%s → %s', (message, expected) => {
    expect(asksForHuman(message)).toBe(expected);
  });

  it('takes the workspace’s own phrases', () => {
    expect(asksForHuman('请帮我找店长', ['找店长'])).toBe(true);
  });
});

describe('decide', () => {
  const base = { asksForHuman: false, articles: [], answerThreshold: 0.6, suggestThreshold: 0.25 };
  it.each([
    ['a request for a person wins over a sure answer', { ...base, asksForHuman: true, articles: [{ id: 'a', confidence: 0.99 }] }, { kind: 'handoff', reason: 'requested', guess: { id: 'a', confidence: 0.99 } }],
    ['a sure article is the answer', { ...base, articles: [{ id: 'a', confidence: 0.8 }, { id: 'b', confidence: 0.7 }] }, { kind: 'answer', articleId: 'a', confidence: 0.8 }],
    ['a sure intent beats a weaker article', { ...base, intent: { id: 'i', confidence: 0.9, action: 'lookup' as const }, articles: [{ id: 'a', confidence: 0.7 }] }, { kind: 'intent', intentId: 'i', action: 'lookup', confidence: 0.9 }],
    ['a stronger article beats a sure intent', { ...base, intent: { id: 'i', confidence: 0.65, action: 'reply' as const }, articles: [{ id: 'a', confidence: 0.9 }] }, { kind: 'answer', articleId: 'a', confidence: 0.9 }],
    ['a hand-off intent hands off', { ...base, intent: { id: 'i', confidence: 0.9, action: 'handoff' as const } }, { kind: 'handoff', reason: 'intent', guess: { id: 'i', confidence: 0.9, action: 'handoff' } }],
    ['unsure but close: the top articles are offered', { ...base, articles: [{ id: 'a', confidence: 0.5 }, { id: 'b', confidence: 0.3 }, { id: 'c', confidence: 0.1 }] }, { kind: 'suggest', articleIds: ['a', 'b'], confidence: 0.5 }],
    ['nothing close: a person, with the guess', { ...base, intent: { id: 'i', confidence: 0.1, action: 'reply' as const }, articles: [{ id: 'a', confidence: 0.2 }] }, { kind: 'handoff', reason: 'unsure', guess: { id: 'a', confidence: 0.2 } }],
    ['nothing at all', base, { kind: 'handoff', reason: 'unsure', guess: null }],
  ])('%s', (_label, input, expected) => {
    expect(decide(input)).toEqual(expected);
  });
});

describe('learning', () => {
  it.each([
    [undefined, 1],
    [{ helpful: 0, notHelpful: 0, handoffs: 0, corrections: 0 }, 1],
    [{ helpful: 20, notHelpful: 0, handoffs: 0, corrections: 0 }, 1.3],
    [{ helpful: 0, notHelpful: 10, handoffs: 5, corrections: 0 }, 0.5 + 2 / 19],
    [{ helpful: 0, notHelpful: 1000, handoffs: 0, corrections: 0 }, 0.502],
    [{ helpful: 2, notHelpful: 2, handoffs: 0, corrections: 0 }, 1],
    [{ helpful: 2, notHelpful: 0, handoffs: 0, corrections: 1 }, 1],
  ])('%j → %s', (counts, factor) => {
    expect(learnedFactor(counts)).toBeCloseTo(factor, 3);
  });

  it('never lifts confidence above 1', () => {
    expect(adjustConfidence(0.9, { helpful: 50, notHelpful: 0, handoffs: 0, corrections: 0 })).toBe(1);
  });
});

describe('lookup templates', () => {
  it('finds the order number in a message', () => {
    expect(extractSlot('我的订单 SO20260301 到哪了')).toBe('SO20260301');
    expect(extractSlot('where is order 88234451?')).toBe('88234451');
    expect(extractSlot('我的快递到哪了')).toBeUndefined();
    expect(extractSlot('单号A-1', 'A-\\d')).toBe('A-1');
  });

  it('encodes the slot into the URL', () => {
    expect(fillUrl('http://orders.test/api/orders/{order}?x=1', { order: '../admin?a=b' })).toBe('http://orders.test/api/orders/..%2Fadmin%3Fa%3Db?x=1');
  });

  it('fills the answer from the reply', () => {
    expect(fillAnswer('订单 {order}：{status}，预计 {delivery.eta} 送达（{missing}）', { order: 'SO1' }, { status: '运输中', delivery: { eta: '3月5日' } })).toBe('订单 SO1：运输中，预计 3月5日 送达（-）');
  });

  it('checks patterns', () => {
    expect(isValidPattern('[0-9]{6,}')).toBe(true);
    expect(isValidPattern('([')).toBe(false);
  });
});
