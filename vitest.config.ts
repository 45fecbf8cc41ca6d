import { defineConfig } from 'vitest/config';

// One runner for the whole repo; each package declares its own project.
export default defineConfig({
  test: {
    projects: ['packages/*/vitest.config.ts'],
  },
});
