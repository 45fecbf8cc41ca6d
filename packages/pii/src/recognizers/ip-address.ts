import { LEX } from '../text/lexicon.js';
import { isAlnum, type ScanContext } from '../context.js';
import { NUM_IP } from '../text/tokenize.js';
import type { Candidate } from '../types.js';
import type { Recognizer } from './recognizer.js';

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`${OCTET}(?:\\.${OCTET}){3}`, 'y');

const isHex = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);

/** Validates an IPv6 literal (RFC 4291 text forms, optional trailing dotted IPv4). */
export function isIpv6(s: string): boolean {
  if (s.length < 3 || s.length > 45) return false;
  let body = s;
  let tail = 0;
  const lastColon = s.lastIndexOf(':');
  if (s.indexOf('.', lastColon) !== -1) {
    const v4 = s.slice(lastColon + 1);
    IPV4.lastIndex = 0;
    if (!IPV4.test(v4) || IPV4.lastIndex !== v4.length) return false;
    body = s.slice(0, lastColon + 1);
    if (!body.endsWith('::')) body = body.slice(0, -1);
    tail = 2;
  }
  const groups = (part: string): number => {
    if (part === '') return 0;
    let n = 0;
    for (const g of part.split(':')) {
      if (g.length < 1 || g.length > 4) return -1;
      for (let i = 0; i < g.length; i++) if (!isHex(g.charCodeAt(i))) return -1;
      n++;
    }
    return n;
  };
  const dbl = body.indexOf('::');
  if (dbl === -1) return groups(body) === 8 - tail;
  if (dbl !== body.lastIndexOf('::')) return false;
  const a = groups(body.slice(0, dbl));
  const b = groups(body.slice(dbl + 2));
  if (a < 0 || b < 0) return false;
  const total = a + b + tail;
  return total <= 7 && (total >= 2 || s === '::1');
}

/** Token j + 1 starts right after token j and one '.'. */
function dotJoined(text: string, start: Int32Array, end: Int32Array, j: number): boolean {
  return start[j + 1] === end[j]! + 1 && text.charCodeAt(end[j]!) === 46;
}

export const ipAddressRecognizer: Recognizer = {
  name: 'ip-address',
  types: ['IP_ADDRESS'],
  recognize(ctx: ScanContext, out: Candidate[]): void {
    const { text, tokens } = ctx;
    const n = text.length;
    for (let q = 0, nq = tokens.numCount[NUM_IP]!, idx = tokens.numIdx[NUM_IP]!; q < nq; q++) {
      const k = idx[q]!;
      const s = tokens.start[k]!;
      if (tokens.end[k]! - s > 3 || text.charCodeAt(tokens.end[k]!) !== 46) continue;
      // Exact pre-check: the first three octets are whole tokens, each followed by one '.' and the
      // next token ("12.03.2024" has three groups and never reaches the regex).
      if (k + 3 >= tokens.count || !dotJoined(text, tokens.start, tokens.end, k) || !dotJoined(text, tokens.start, tokens.end, k + 1) || !dotJoined(text, tokens.start, tokens.end, k + 2)) continue;
      const before = s > 0 ? text.charCodeAt(s - 1) : 32;
      if (isAlnum(before) || before === 46 || before === 58) continue;
      IPV4.lastIndex = s;
      if (!IPV4.test(text)) continue;
      const e = IPV4.lastIndex;
      const after = e < n ? text.charCodeAt(e) : 32;
      if (isAlnum(after) || after === 58 || (after === 46 && e + 1 < n && isAlnum(text.charCodeAt(e + 1)))) continue;
      if (ctx.cueFlagBefore(s, LEX.CUE_VERSION, 2)) continue;
      out.push({ type: 'IP_ADDRESS', start: s, end: e, score: 0.95, validated: true });
    }
    // IPv6: start at a hex token followed by ':' (or at '::'), take the run of [0-9a-fA-F:.] and validate it.
    let claimedTo = -1;
    for (let q = 0, nq = tokens.nColon, idx = tokens.colonPos; q < nq; q++) {
      const colon = idx[q]!;
      if (colon < claimedTo) continue;
      // Cheap pre-check: 1..4 hex digits right before the colon ("Cliente:" fails at the 't').
      let b = colon;
      while (b > 0 && colon - b < 5 && isHex(text.charCodeAt(b - 1))) b--;
      if (b === colon || colon - b > 4 || (b > 0 && isAlnum(text.charCodeAt(b - 1)))) continue;
      const k = ctx.tokenFrom(colon) - 1;
      if (k < 0) continue;
      let s = tokens.start[k]!;
      const e0 = tokens.end[k]!;
      if (s < claimedTo || e0 - s > 4 || e0 !== colon) continue;
      if (s >= 2 && text.charCodeAt(s - 1) === 58 && text.charCodeAt(s - 2) === 58) s -= 2;
      const before = s > 0 ? text.charCodeAt(s - 1) : 32;
      if (isAlnum(before) || before === 58) continue;
      let e = s;
      while (e < n && e - s <= 45) {
        const c = text.charCodeAt(e);
        if (isHex(c) || c === 58 || c === 46) e++;
        else break;
      }
      while (e > s && text.charCodeAt(e - 1) === 46) e--;
      if (e < n && isAlnum(text.charCodeAt(e))) continue;
      let colons = 0;
      for (let i = s; i < e; i++) if (text.charCodeAt(i) === 58) colons++;
      if (colons < 2) continue;
      const lit = text.slice(s, e);
      if (!isIpv6(lit)) continue;
      out.push({ type: 'IP_ADDRESS', start: s, end: e, score: 0.95, validated: true });
      claimedTo = e;
    }
  },
};
