import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'web',
    include: ['e2e/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Run after the other projects, alone: the browser test starts a server and chromium and is
    // timing-sensitive (TOTP steps), so it should not compete with the server suite for the CPU.
    sequence: { groupOrder: 2 },
    // The browser tests each start a server and chromium: one file at a time.
    fileParallelism: false,
  },
});
