import { describe, expect, it } from 'vitest';
import { stemEnglish } from './stem.ts';

describe('stemEnglish', () => {
  it.each([
    // What help-desk search needs: the forms of one word meet on one key.
    ['running', 'run'],
    ['runs', 'run'],
    ['tickets', 'ticket'],
    ['refunded', 'refund'],
    ['refunds', 'refund'],
    ['refunding', 'refund'],
    // Porter keeps the y → i of step 1c: both forms meet on "polici", which is not a word.
    ['policies', 'polici'],
    ['policy', 'polici'],
    ['delivered', 'deliv'],
    ['delivery', 'deliveri'],
    ['shipping', 'ship'],
    ['shipped', 'ship'],
    ['received', 'receiv'],
    ['receive', 'receiv'],
    ['charged', 'charg'],
    ['charges', 'charg'],
    ['cancellation', 'cancel'],
  ])('%s → %s', (word, stem) => {
    expect(stemEnglish(word)).toBe(stem);
  });

  it.each([
    // The examples of Porter's paper, step by step.
    ['caresses', 'caress'], ['ponies', 'poni'], ['ties', 'ti'], ['caress', 'caress'], ['cats', 'cat'],
    ['feed', 'feed'], ['agreed', 'agre'], ['plastered', 'plaster'], ['bled', 'bled'], ['motoring', 'motor'], ['sing', 'sing'],
    ['conflated', 'conflat'], ['troubled', 'troubl'], ['sized', 'size'], ['hopping', 'hop'], ['tanned', 'tan'],
    ['falling', 'fall'], ['hissing', 'hiss'], ['fizzed', 'fizz'], ['failing', 'fail'], ['filing', 'file'],
    ['happy', 'happi'], ['sky', 'sky'],
    ['relational', 'relat'], ['conditional', 'condit'], ['rational', 'ration'], ['valenci', 'valenc'], ['digitizer', 'digit'],
    ['vietnamization', 'vietnam'], ['predication', 'predic'], ['operator', 'oper'], ['feudalism', 'feudal'],
    ['decisiveness', 'decis'], ['hopefulness', 'hope'], ['callousness', 'callous'], ['sensibiliti', 'sensibl'],
    ['triplicate', 'triplic'], ['formative', 'form'], ['formalize', 'formal'], ['electrical', 'electr'], ['goodness', 'good'],
    ['revival', 'reviv'], ['allowance', 'allow'], ['inference', 'infer'], ['airliner', 'airlin'], ['adjustable', 'adjust'],
    ['defensible', 'defens'], ['replacement', 'replac'], ['adjustment', 'adjust'], ['dependent', 'depend'], ['adoption', 'adopt'],
    ['communism', 'commun'], ['activate', 'activ'], ['homologous', 'homolog'], ['effective', 'effect'], ['bowdlerize', 'bowdler'],
    ['probate', 'probat'], ['rate', 'rate'], ['cease', 'ceas'], ['controll', 'control'], ['roll', 'roll'],
    ['generalizations', 'gener'], ['oscillators', 'oscil'],
  ])('Porter: %s → %s', (word, stem) => {
    expect(stemEnglish(word)).toBe(stem);
  });

  it.each([
    ['is', 'short words stay'],
    ['t20240101001', 'ticket numbers and other words with digits stay'],
    ['sf1234567', 'tracking numbers stay'],
    ['cafés', 'words with other letters stay'],
    ['物流', 'Chinese stays'],
  ])('%s: %s', (word) => {
    expect(stemEnglish(word)).toBe(word);
  });
});
