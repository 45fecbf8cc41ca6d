import { NUM_CARD } from '../text/tokenize.js';
import { pushCompiled } from './compiled.js';
import type { Recognizer } from './recognizer.js';

/**
 * Payment cards: 13..19 digits in groups joined by one consistent separator (space or dash),
 * starting at the head of a digit run, passing Luhn and inside a known scheme's IIN ranges and
 * lengths (Elo, Hipercard, Visa, Mastercard, Amex, Diners, Discover, JCB, UnionPay, Maestro); the
 * longest such reading wins. 0.99 after a card cue, else 0.95. Compiled: assembly/numbers.ts, card().
 */
export const creditCardRecognizer: Recognizer = {
  name: 'credit-card',
  types: ['CREDIT_CARD'],
  recognize(ctx, out) {
    pushCompiled(ctx, NUM_CARD, 'CREDIT_CARD', out);
  },
};
