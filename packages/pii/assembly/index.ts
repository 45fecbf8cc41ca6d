// Entry of the compiled pass (wasm/tokenize.wasm): what src/text/token-pass.ts calls.
export { layout, staticEnd } from './memory';
export { scan } from './tokenize';
export { CUE_CARD, CUE_CEP, CUE_CNH, CUE_CNPJ, CUE_CPF, CUE_NIF, CUE_NOT_PII, CUE_PHONE, CUE_PIX, recognize } from './numbers';
