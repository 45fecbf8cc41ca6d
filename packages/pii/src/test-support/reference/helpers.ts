// Frozen copy (commit d6b6b78) of the JavaScript helpers the replaced recognizers used.
const isAlnum = (c: number): boolean =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 0xc0 && c < 0x250 && c !== 0xd7 && c !== 0xf7);

export { isAlnum };

/** No letter/digit touches the span on the left, and it is not the tail of a longer dotted/dashed number. */
export function leftClear(text: string, s: number): boolean {
  if (s === 0) return true;
  const c = text.charCodeAt(s - 1);
  if (isAlnum(c)) return false;
  if ((c === 46 || c === 45 || c === 47 || c === 44) && s >= 2 && isDigit(text.charCodeAt(s - 2))) return false;
  return true;
}

/** Same on the right: "123.456.789-09" must not be cut out of "123.456.789-0912". */
export function rightClear(text: string, e: number): boolean {
  if (e >= text.length) return true;
  const c = text.charCodeAt(e);
  if (isAlnum(c)) return false;
  if ((c === 46 || c === 45 || c === 47 || c === 44) && e + 1 < text.length && isDigit(text.charCodeAt(e + 1))) return false;
  return true;
}

/** text[i] is `sep` and text[i + 1] a digit: the cheap exact test a multi-group shape regex needs after a token. */
export function sepDigit(text: string, i: number, sep: number): boolean {
  return text.charCodeAt(i) === sep && isDigit(text.charCodeAt(i + 1));
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Digits of text[s, e) as numbers; other characters skipped. */
export function digitsIn(text: string, s: number, e: number): number[] {
  const out: number[] = [];
  for (let i = s; i < e; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) out.push(c - 48);
  }
  return out;
}
