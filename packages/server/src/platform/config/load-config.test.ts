import { describe, expect, it } from 'vitest';
import { configVariables, defaultKeyVaultUrl } from './config-variables.js';
import { ConfigError, describeConfig, loadConfig } from './load-config.js';

const key = Buffer.alloc(32, 7).toString('base64');

describe('loadConfig', () => {
  it('applies defaults', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.DATA_DIR).toBe('./data');
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.SIGILO_DEMO).toBe(false);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://x'],
    ['SIGILO_MASTER_KEY', 'too-short'],
    ['LOG_LEVEL', 'loud'],
    ['SIGILO_DEMO', 'perhaps'],
    ['SESSION_TTL_HOURS', '0'],
    ['TRUST_PROXY', 'true'],
    ['METRICS_TOKEN', 'short'],
    ['KEY_VAULT_URL', 'mysql://x'],
  ])('names %s when it is %s', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^Invalid ${name}`));
  });

  it('never echoes a sensitive value', () => {
    try {
      loadConfig({ SIGILO_MASTER_KEY: 'secret-looking-value' });
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).not.toContain('secret-looking-value');
    }
  });

  it('requires a master key with DATABASE_URL', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://localhost/x' })).toThrow(/SIGILO_MASTER_KEY/);
    expect(loadConfig({ DATABASE_URL: 'postgres://localhost/x', SIGILO_MASTER_KEY: key }).DATABASE_URL).toBe('postgres://localhost/x');
  });

  it('describes every variable, hiding secrets', () => {
    const rows = describeConfig(loadConfig({ DATABASE_URL: 'postgres://u:pw@h/x', SIGILO_MASTER_KEY: key }));
    expect(rows.map((r) => r.name)).toEqual(Object.keys(configVariables));
    expect(JSON.stringify(rows)).not.toContain('pw@h');
    expect(rows.every((r) => r.description.length > 10)).toBe(true);
  });
});

describe('KEY_VAULT_URL', () => {
  it('refuses the main database as the vault', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://u@h:5432/x', SIGILO_MASTER_KEY: key, KEY_VAULT_URL: 'postgres://other@h/x' })).toThrow(/^Invalid KEY_VAULT_URL: it names the main database/);
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/x', SIGILO_MASTER_KEY: key, KEY_VAULT_URL: 'postgres://u@h/x_vault' }).KEY_VAULT_URL).toBe('postgres://u@h/x_vault');
  });

  it('defaults to the database name + _keys on the same server, keeping the rest of the URL', () => {
    expect(defaultKeyVaultUrl('postgres://u:pw@db.internal:5433/sigilo?sslmode=require')).toBe('postgres://u:pw@db.internal:5433/sigilo_keys?sslmode=require');
    expect(defaultKeyVaultUrl('postgres://u@h')).toBe('postgres://u@h/u_keys');
  });

  it('is shown by sigilo config with the password hidden, also as a default', () => {
    const shown = (env: Record<string, string>) => describeConfig(loadConfig({ SIGILO_MASTER_KEY: key, ...env })).find((r) => r.name === 'KEY_VAULT_URL')!.value;
    expect(shown({ DATABASE_URL: 'postgres://u:pw@h/x', KEY_VAULT_URL: 'postgres://v:secret@vault/keys?password=also' })).toBe('postgres://v:***@vault/keys?password=***');
    expect(shown({ DATABASE_URL: 'postgres://u:pw@h/x' })).toBe('(default) postgres://u:***@h/x_keys');
    expect(shown({})).toMatch(/DATA_DIR\/keys/);
    try {
      loadConfig({ KEY_VAULT_URL: 'http://v:secret@vault/keys' });
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).not.toContain('secret');
    }
  });
});

describe('README', () => {
  it('documents every configuration variable', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync(new URL('../../../../../README.md', import.meta.url), 'utf8');
    for (const name of Object.keys(configVariables)) expect(readme, name).toContain(`\`${name}\``);
  });
});
