import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // End-to-end tests start real HTTP servers on loopback; a few seconds is generous.
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    // At least two files at a time: most of the suite waits on sockets, timers and child
    // processes, not on a CPU, and vitest's default (CPUs - 1) runs a 2-core machine's suite
    // one file at a time (336 s there; 183 s with two, under load).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // Once per run: a temp folder of the run's own, dist/ built for the `npm start` tests, and
    // a Redis for the Redis suites (found, started, or skipped with one line): test/setup/.
    globalSetup: ['test/setup/global.ts'],
  },
});
