import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'pii',
    include: ['src/**/*.test.ts', 'corpus/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    globalSetup: ['./vitest.build-wasm.ts'],
  },
});
