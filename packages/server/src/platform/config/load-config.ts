import { configVariables, type Config } from './config-variables.js';

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
  return config;
}

/** The configuration table for `sigilo config` and the README: names, descriptions, no secrets. */
export function describeConfig(config?: Config) {
  return Object.entries(configVariables).map(([name, v]) => ({
    name,
    description: v.description,
    sensitive: v.isSensitive,
    value: config ? (v.isSensitive ? (config[name as keyof Config] ? '(set)' : '(unset)') : config[name as keyof Config]) : undefined,
  }));
}
