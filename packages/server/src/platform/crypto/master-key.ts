import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, randomFillSync } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The key-management boundary. Today the master key lives in the environment or the data dir;
 * a cloud KMS can implement the same interface without touching callers.
 */
export interface KeyManagementService {
  /** A key for one purpose, derived with HKDF so no two purposes share key material. */
  deriveKey(purpose: string): Buffer;
  wrapKey(dataKey: Buffer, context: string): Buffer;
  unwrapKey(wrapped: Buffer, context: string): Buffer;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Random IVs are drawn from a pool filled by the CSPRNG a thousand at a time: one call per IV cost
 * more than the encryption of a short message. Each IV is handed out once.
 */
const ivPool = Buffer.alloc(IV_BYTES * 1024);
let ivOffset = ivPool.length;
function nextIv(): Buffer {
  if (ivOffset === ivPool.length) {
    randomFillSync(ivPool);
    ivOffset = 0;
  }
  const iv = Buffer.from(ivPool.subarray(ivOffset, ivOffset + IV_BYTES));
  ivOffset += IV_BYTES;
  return iv;
}

/** AES-256-GCM: iv | tag | ciphertext. `aad` binds the ciphertext to where it is stored. */
export function sealBytes(key: Buffer, plaintext: Buffer, aad: string): Buffer {
  const iv = nextIv();
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

export function openBytes(key: Buffer, sealed: Buffer, aad: string): Buffer {
  const iv = sealed.subarray(0, IV_BYTES);
  const tag = sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
}

export class LocalKeyManagementService implements KeyManagementService {
  readonly #master: Buffer;
  readonly #wrapping: Buffer;
  readonly #derived: Map<string, Buffer>;

  constructor(masterKey: Buffer) {
    if (masterKey.length !== 32) throw new Error('master key must be 32 bytes');
    this.#master = masterKey;
    this.#derived = new Map();
    this.#wrapping = this.deriveKey('key-wrapping');
  }

  deriveKey(purpose: string): Buffer {
    // Purposes are few (a handful per organisation) and derived on every seal: remember them.
    let key = this.#derived.get(purpose);
    if (!key) {
      key = Buffer.from(hkdfSync('sha256', this.#master, Buffer.alloc(0), `sigilo:${purpose}`, 32));
      this.#derived.set(purpose, key);
    }
    return key;
  }

  wrapKey(dataKey: Buffer, context: string): Buffer {
    return sealBytes(this.#wrapping, dataKey, context);
  }

  unwrapKey(wrapped: Buffer, context: string): Buffer {
    return openBytes(this.#wrapping, wrapped, context);
  }
}

export function generateMasterKey(): string {
  return randomBytes(32).toString('base64');
}

/**
 * The configured key, or in embedded mode the one kept in DATA_DIR (created on first start with
 * owner-only permissions).
 */
export function resolveMasterKey(options: { configured?: string; dataDir: string }): Buffer {
  if (options.configured) return Buffer.from(options.configured, 'base64');
  const file = join(options.dataDir, 'master.key');
  if (!existsSync(file)) {
    mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
    writeFileSync(file, generateMasterKey() + '\n', { mode: 0o600, flag: 'wx' });
  }
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key`);
  return key;
}
