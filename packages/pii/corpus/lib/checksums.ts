// Check-digit algorithms used by the corpus generator to build valid (and deliberately invalid)
// identifiers. The corpus test reimplements them independently; the engine must not import this.

const digitsOf = (s: string): number[] => [...s].map((c) => c.charCodeAt(0) - 48);

export function cpfCheckDigits(base9: string): string {
  const d = digitsOf(base9);
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += d[i]! * (10 - i);
  let r = (sum * 10) % 11;
  const d1 = r === 10 ? 0 : r;
  sum = 0;
  for (let i = 0; i < 9; i++) sum += d[i]! * (11 - i);
  sum += d1 * 2;
  r = (sum * 10) % 11;
  const d2 = r === 10 ? 0 : r;
  return `${d1}${d2}`;
}

/** CNPJ DV over 12 alphanumeric chars (value = char code − 48), weights 2..9 from the right. */
export function cnpjCheckDigits(base12: string): string {
  const dv = (s: string): number => {
    let sum = 0;
    let w = 2;
    for (let i = s.length - 1; i >= 0; i--) {
      sum += (s.charCodeAt(i) - 48) * w;
      w = w === 9 ? 2 : w + 1;
    }
    const r = sum % 11;
    return r < 2 ? 0 : 11 - r;
  };
  const d1 = dv(base12);
  const d2 = dv(base12 + String(d1));
  return `${d1}${d2}`;
}

export function cnhCheckDigits(base9: string): string {
  const d = digitsOf(base9);
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += d[i]! * (9 - i);
  let d1 = sum % 11;
  let dec = 0;
  if (d1 >= 10) {
    d1 = 0;
    dec = 2;
  }
  sum = 0;
  for (let i = 0; i < 9; i++) sum += d[i]! * (i + 1);
  let d2 = (((sum % 11) - dec) + 11) % 11;
  if (d2 >= 10) d2 = 0;
  return `${d1}${d2}`;
}

export function luhnCheckDigit(payload: string): number {
  const d = digitsOf(payload);
  let sum = 0;
  for (let i = d.length - 1, dbl = true; i >= 0; i--, dbl = !dbl) {
    let v = d[i]!;
    if (dbl) {
      v *= 2;
      if (v > 9) v -= 9;
    }
    sum += v;
  }
  return (10 - (sum % 10)) % 10;
}

export function luhnValid(num: string): boolean {
  return luhnCheckDigit(num.slice(0, -1)) === num.charCodeAt(num.length - 1) - 48;
}

export function mod97(numeric: string): number {
  let r = 0;
  for (const c of numeric) r = (r * 10 + (c.charCodeAt(0) - 48)) % 97;
  return r;
}

const ibanNumeric = (s: string): string =>
  [...s.toUpperCase()].map((c) => (c >= 'A' && c <= 'Z' ? String(c.charCodeAt(0) - 55) : c)).join('');

export function ibanFromBban(country: string, bban: string): string {
  const check = 98 - mod97(ibanNumeric(bban + country + '00'));
  return country + String(check).padStart(2, '0') + bban;
}

export function ibanValid(iban: string): boolean {
  const s = iban.replace(/\s+/g, '').toUpperCase();
  return mod97(ibanNumeric(s.slice(4) + s.slice(0, 4))) === 1;
}

/** Spanish CCC control digits (two mod-11 digits over bank+branch and over the account). */
export function esCccDigits(bank: string, branch: string, account: string): string {
  const w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6];
  const dc = (s: string): number => {
    const d = digitsOf(s);
    let sum = 0;
    for (let i = 0; i < 10; i++) sum += d[i]! * w[i]!;
    const r = 11 - (sum % 11);
    return r === 11 ? 0 : r === 10 ? 1 : r;
  };
  return `${dc('00' + bank + branch)}${dc(account)}`;
}

/** Portuguese NIB check digits: 98 − (n·100 mod 97). */
export function ptNibDigits(first19: string): string {
  return String(98 - mod97(first19 + '00')).padStart(2, '0');
}

/** French RIB key over numeric bank, branch and account. */
export function frRibKey(bank: string, branch: string, account: string): string {
  const k = 97 - ((89 * Number(bank) + 15 * Number(branch) + 3 * (Number(account) % 97)) % 97);
  return String(k).padStart(2, '0');
}

export const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

export function dniLetter(num: number): string {
  return DNI_LETTERS[num % 23]!;
}

export function ptNifCheckDigit(base8: string): number {
  const d = digitsOf(base8);
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += d[i]! * (9 - i);
  const r = sum % 11;
  return r < 2 ? 0 : 11 - r;
}

/** UPU S10 (Correios) check digit over 8 digits. */
export function s10CheckDigit(eight: string): number {
  const w = [8, 6, 4, 2, 3, 5, 9, 7];
  const d = digitsOf(eight);
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += d[i]! * w[i]!;
  const r = 11 - (sum % 11);
  return r === 10 ? 0 : r === 11 ? 5 : r;
}

export function ean13CheckDigit(twelve: string): number {
  const d = digitsOf(twelve);
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += d[i]! * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10;
}

/** Boleto field check digit (mod 10, weights 2,1 from the right, digits of products summed). */
export function boletoMod10(s: string): number {
  const d = digitsOf(s);
  let sum = 0;
  for (let i = d.length - 1, w = 2; i >= 0; i--, w = w === 2 ? 1 : 2) {
    const p = d[i]! * w;
    sum += p > 9 ? p - 9 : p;
  }
  return (10 - (sum % 10)) % 10;
}

// ---- validators used to make sure a "negative" number does not pass by accident ----

export function cpfValid(raw: string): boolean {
  const s = raw.replace(/\D/g, '');
  if (s.length !== 11 || /^(\d)\1{10}$/.test(s)) return false;
  return cpfCheckDigits(s.slice(0, 9)) === s.slice(9);
}

export function cnpjValid(raw: string): boolean {
  const s = raw.replace(/[.\/\-\s]/g, '').toUpperCase();
  if (!/^[0-9A-Z]{12}\d{2}$/.test(s) || /^(\d)\1{13}$/.test(s)) return false;
  return cnpjCheckDigits(s.slice(0, 12)) === s.slice(12);
}

export function cnhValid(raw: string): boolean {
  const s = raw.replace(/\D/g, '');
  if (s.length !== 11 || /^(\d)\1{10}$/.test(s)) return false;
  return cnhCheckDigits(s.slice(0, 9)) === s.slice(9);
}

export function ptNifValid(raw: string): boolean {
  const s = raw.replace(/\D/g, '');
  if (s.length !== 9) return false;
  return ptNifCheckDigit(s.slice(0, 8)) === s.charCodeAt(8) - 48;
}
