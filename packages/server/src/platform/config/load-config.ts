import type { z } from 'zod';
import { configVariables, defaultKeyVaultUrl, hidePassword, type Config, type ConfigVariable } from './config-variables.js';

export class ConfigError extends Error {}

/** Reads and validates every declared variable; the first bad one throws a one-line ConfigError. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const out: Record<string, unknown> = {};
  for (const [name, variable] of Object.entries(configVariables)) {
    const raw = env[name];
    const result = variable.schema.safeParse(raw === '' && name !== 'SIGILO_DEMO' ? undefined : raw);
    if (!result.success) {
      const reason = result.error.issues[0]?.message ?? 'invalid value';
      const shown = variable.isSensitive || raw === undefined ? '' : ` (got "${raw}")`;
      throw new ConfigError(`Invalid ${name}${shown}: ${reason}. ${variable.description}`);
    }
    out[name] = result.data;
  }
  const config = out as Config;
  if (config.DATABASE_URL && !config.SIGILO_MASTER_KEY) {
    throw new ConfigError(
      'Missing SIGILO_MASTER_KEY: it is required with DATABASE_URL so that every node shares one master key (generate one with `npx sigilo keygen`).',
    );
  }
  if (config.KEY_VAULT_URL && config.DATABASE_URL && sameDatabase(config.KEY_VAULT_URL, config.DATABASE_URL)) {
    throw new ConfigError('Invalid KEY_VAULT_URL: it names the main database; the key vault must be a database of its own, or erasures stay readable in backups of the main one.');
  }
  return config;
}

function sameDatabase(a: string, b: string): boolean {
  const x = new URL(a);
  const y = new URL(b);
  return x.hostname === y.hostname && (x.port || '5432') === (y.port || '5432') && x.pathname === y.pathname;
}

/** The configuration table for `sigilo config` and the README: names, descriptions, no secrets. */
export function describeConfig(config?: Config) {
  return Object.entries(configVariables).map(([name, v]) => ({
    name,
    description: v.description,
    sensitive: v.isSensitive,
    value: config ? shownValue(name as keyof Config, config) : undefined,
  }));
}

function shownValue(name: keyof Config, config: Config): unknown {
  const v: ConfigVariable<z.ZodType> = configVariables[name];
  const value = config[name];
  if (name === 'KEY_VAULT_URL' && !value) {
    // The effective default, so the operator sees where the keys are.
    return config.DATABASE_URL ? `(default) ${hidePassword(defaultKeyVaultUrl(config.DATABASE_URL))}` : '(default) embedded in DATA_DIR/keys';
  }
  if (!v.isSensitive) return value;
  if (!value) return '(unset)';
  return v.shown ? v.shown(String(value)) : '(set)';
}
