import { cueSet, phraseSet } from '../lexicons/index.js';
import * as cues from '../lexicons/cues.js';

// Folded single-word cue sets shared by the recognizers.
export const PHONE_CUES = cueSet(cues.PHONE_CUES);
export const CPF_CUES = cueSet(cues.CPF_CUES);
export const CNPJ_CUES = cueSet(cues.CNPJ_CUES);
export const CEP_CUES = cueSet(cues.CEP_CUES);
export const CNH_CUES = cueSet(cues.CNH_CUES);
export const NIF_CUES = cueSet(cues.NIF_CUES);
export const PIX_CUES = cueSet(cues.PIX_CUES);
export const CARD_CUES = cueSet(cues.CARD_CUES);
export const NOT_PII_CUES = cueSet(cues.NOT_PII_NUMBER_CUES);
export const PASSWORD_FILLERS = phraseSet(cues.PASSWORD_FILLERS);
export const PASSWORD_NEGATIVES = phraseSet(cues.PASSWORD_NEGATIVES);
