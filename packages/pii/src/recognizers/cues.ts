import { cueSet, phraseSet } from '../lexicons/index.js';
import * as cues from '../lexicons/cues.js';

// Folded single-word cue sets shared by the recognizers.
export const CEP_CUES = cueSet(cues.CEP_CUES);
export const PASSWORD_FILLERS = phraseSet(cues.PASSWORD_FILLERS);
export const PASSWORD_NEGATIVES = phraseSet(cues.PASSWORD_NEGATIVES);
