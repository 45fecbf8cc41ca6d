import type { ScanContext } from '../context.js';
import { AFTER_CUE_WORDS } from '../lexicons/index.js';
import { foldString } from '../text/fold.js';
import { LEX } from '../text/lexicon.js';
import { AFTER_CUE_LENGTHS, registerPersonLookups } from '../text/token-pass.js';
import type { Candidate } from '../types.js';
import type { Recognizer } from './recognizer.js';

// The walk over chains of capitalised words and lower-case gazetteer names, and their scoring,
// run compiled (assembly/person.ts), with PERSON's word and phrase sets as a key table
// (src/lexicons/index.ts). What needs a regex is here: WhatsApp sender lines, and the sign-off and
// dialogue-answer checks the compiled walk calls through registerPersonLookups().

const SPEAKER_ROLES = new Set(['cliente', 'client', 'customer', 'agente', 'agent', 'atendente', 'suporte', 'soporte', 'support', 'bot', 'sistema', 'system', 'loja', 'tienda', 'store', 'voce', 'usted', 'you', 'eu', 'yo', 'me']);
// The compiled walk asks about a word only when its length is one of these (AFTER_CUE_LENGTHS).
if (AFTER_CUE_WORDS.reduce((m, w) => m | (1 << w.length), 0) !== AFTER_CUE_LENGTHS) throw new Error('@sigilo/pii: AFTER_CUE_LENGTHS does not match the announcing words');
// WhatsApp export line: "[21:10, 02/03/2024] pedro: …" — the sender is a person.
const WHATSAPP_SENDER = /\[[^\]\n]{1,40}\] ([\p{L}][\p{L}'’. -]{0,40}?):/uy;
const SIGNOFF_GAP = /^[.,!]*\s*\n\s*(?:[-–—]\s*|(--)\s*)?$/;
const ANSWER_PREFIX = /^\s*\p{L}{2,20}:\s*(?:(?:com|con|with|é|es|is|it's|soy|sou)\s+)?(?:(?:o|a|el|la)\s+)?$/iu;
const NAME = LEX.FIRST_NAME | LEX.SURNAME;

// The context the compiled walk is about, only while it runs (detect() is synchronous: one at a
// time); a look-up outside that fails loudly instead of reading another text.
let current: ScanContext | undefined;

registerPersonLookups({ signoff, dialogueAnswer });

/**
 * Chains of capitalised words joined by single spaces and particles ("Maria da Silva",
 * "José de la Cruz"), accepted when the gazetteers or the context say person: a known
 * first name, a known surname after an unknown capitalised word, a title ("Sr.", "Dra.")
 * or a cue before it ("meu nome é", "me llamo", "falei com a atendente", a sign-off line).
 */
export const personRecognizer: Recognizer = {
  name: 'person',
  types: ['PERSON'],
  recognize(ctx: ScanContext, out: Candidate[]): void {
    const { text, tokens } = ctx;
    // WhatsApp export lines start with '['.
    for (let p = tokens.bracketLine ? 0 : text.length; p < text.length; ) {
      if (text.charCodeAt(p) === 91) {
        WHATSAPP_SENDER.lastIndex = p;
        const m = WHATSAPP_SENDER.exec(text);
        if (m && !SPEAKER_ROLES.has(foldString(m[1]!.trim()))) {
          const s = WHATSAPP_SENDER.lastIndex - 1 - m[1]!.length;
          out.push({ type: 'PERSON', start: s, end: s + m[1]!.trimEnd().length, score: 0.9, validated: true });
        }
      }
      const nl = text.indexOf('\n', p);
      if (nl === -1) break;
      p = nl + 1;
    }
    if (tokens.nName === 0) return;
    current = ctx;
    const n = tokens.person();
    current = undefined;
    const o = tokens.out;
    const score = tokens.outScore;
    for (let i = 0; i < n; i++) out.push({ type: 'PERSON', start: o[3 * i]!, end: o[3 * i + 1]!, score: score[i]!, validated: false });
  },
};

/**
 * A sign-off word ("Att.", "Regards") before token k: the name on the next line is its signer
 * (1) or not (0); 2 when the gap is no line break after a sign-off.
 */
function signoff(k: number): number {
  const ctx = current!;
  const { text, tokens } = ctx;
  const m = SIGNOFF_GAP.exec(text.slice(tokens.end[k - 1]!, tokens.start[k]!));
  if (!m) return 2;
  // After a "--" separator line a department often signs ("Dpto. Compras"): only a gazetteer name counts.
  return (m[1] === undefined || (tokens.lex[k]! & NAME) !== 0) && aloneOnLine(ctx, k) ? 1 : 0;
}

function hasNewline(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) return true;
  return false;
}

/**
 * A dialogue turn that answers a question for a name: "Agente: com quem eu falo?\nCliente: com a
 * gabriela moreira", "Agent: who am i speaking with?\nCustomer: james edwards". Only for a
 * gazetteer name right after the speaker label (and "com/con/with", an article); the compiled
 * walk asks only when the text holds such a question and token k is a gazetteer name.
 */
function dialogueAnswer(k: number): boolean {
  const ctx = current!;
  const { text, tokens } = ctx;
  const pos = tokens.start[k]!;
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  if (lineStart === 0 || pos - lineStart > 40) return false;
  if (!ANSWER_PREFIX.test(text.slice(lineStart, pos))) return false;
  const prevStart = text.lastIndexOf('\n', lineStart - 2) + 1;
  if (lineStart - prevStart > 200) return false;
  for (let q = ctx.tokenFrom(prevStart); q < tokens.count && tokens.start[q]! < lineStart; q++) {
    if (tokens.lex[q]! & LEX.CUE_NAME_Q) return true;
  }
  return false;
}

/** The capitalised chain starting at k fills its line (a signature line, not a sentence). */
function aloneOnLine(ctx: ScanContext, k: number): boolean {
  const { text, tokens } = ctx;
  const nl = text.indexOf('\n', tokens.start[k]!);
  const line = text.slice(tokens.start[k]!, nl === -1 ? Math.min(text.length, tokens.start[k]! + 80) : nl);
  // A signature line may go on with " | role | company".
  return /^\p{L}[\p{L}'’.-]*(?:\s+(?:(?:da|de|do|dos|das|del|la|y|e)\s+)?\p{L}[\p{L}'’.-]*){0,5}\s*(?:[.,]|\|.*)?\s*$/u.test(line);
}
