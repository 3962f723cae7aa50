import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // End-to-end tests start real HTTP servers on loopback; a few seconds is generous.
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    // Once per run: a temp folder of the run's own, dist/ built for the `npm start` tests, and
    // a Redis for the Redis suites (found, started, or skipped with one line): test/setup/.
    globalSetup: ['test/setup/global.ts'],
  },
});
