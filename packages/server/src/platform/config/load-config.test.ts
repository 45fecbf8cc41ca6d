import { describe, expect, it } from 'vitest';
import { configVariables } from './config-variables.js';
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

describe('README', () => {
  it('documents every configuration variable', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync(new URL('../../../../../README.md', import.meta.url), 'utf8');
    for (const name of Object.keys(configVariables)) expect(readme, name).toContain(`\`${name}\``);
  });
});
