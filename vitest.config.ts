import { defineConfig } from 'vitest/config';

// One runner for the whole repo; each package declares its own project.
export default defineConfig({
  test: {
    projects: ['packages/*/vitest.config.ts'],
    // Two files at a time fits the 2-core machine; each server test file holds its own PGlite.
    maxWorkers: 2,
  },
});
