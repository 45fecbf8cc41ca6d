/**
 * Case- and accent-insensitive form of a text for matching: "Cartão" and "CARTAO" are the same
 * word. Letters lose their combining marks (NFD), everything is lower case, and runs of white
 * space become one space so a phrase matches across line breaks.
 */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ');
}

const WORD_CHAR = /[\p{L}\p{N}_]/u;

/** True when the folded text has no letter or digit right before `start` and right at `end`. */
export function isWholeWord(folded: string, start: number, end: number): boolean {
  const before = start > 0 ? folded[start - 1]! : '';
  const after = end < folded.length ? folded[end]! : '';
  return (before === '' || !WORD_CHAR.test(before)) && (after === '' || !WORD_CHAR.test(after));
}
