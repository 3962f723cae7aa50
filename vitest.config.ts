import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // End-to-end tests start real HTTP servers on loopback; a few seconds is generous.
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
  },
});
