import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'server',
    include: ['src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Drops the per-file PostgreSQL databases (see src/testing/test-server.ts).
    globalSetup: ['src/testing/global-setup.ts'],
  },
});
