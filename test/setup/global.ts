/**
 * Runs once per `npm test` (vitest `globalSetup`), before any test file, and after the last:
 *
 * - **a temp folder of the run's own**: TMPDIR points into it for every test file (and the
 *   processes they start with the environment), and it is removed at the end. Whatever a test
 *   left there is named, and with CI=true fails the run: each test removes what it made.
 * - **dist/ built from the current sources** (`npm run build`: `tsc -b`'s type check, which
 *   does nothing in 0.2 s when nothing changed, then the bundle, tools/bundle.ts), so the tests
 *   that run `npm start` (compiled JavaScript) never run stale code. Every other test runs the TypeScript sources themselves.
 * - **a Redis for the Redis suites** (redis.ts): found, started, or skipped with one line.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { bundle } from '../../tools/bundle.js';
import { onCi, provideTestRedis } from './redis.js';

const ROOT = resolve(import.meta.dirname, '../..');
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');

/** Folders other tools keep in TMPDIR (tsx's and Node's compile caches): theirs, not a test's leftovers. */
const TOOL_CACHES = /^(tsx-|node-compile-cache$)/;
const REDIS_FOLDER = 'redis-server';

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** `npm run build`, without npm: dist/ from src/ for `npm start`. */
async function buildDist(): Promise<void> {
  const started = performance.now();
  const built = spawnSync(process.execPath, [TSC, '-b', 'tsconfig.build.json'], { cwd: ROOT, encoding: 'utf8' });
  // Bundled whatever the type check says (the tests that start `npm start` run the current code).
  await bundle(ROOT);
  const took = Math.round(performance.now() - started);
  if (built.status !== 0) {
    // The type errors are `npm run check`'s to report.
    say(
      `dist/: tsc -b tsconfig.build.json reported errors (${took} ms); npm start runs what it emitted:\n${`${built.stdout}${built.stderr}`.split('\n').slice(0, 20).join('\n')}`,
    );
  } else if (took > 1_000) {
    say(`dist/: rebuilt from src/ (${took} ms).`);
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const ci = onCi();
  const runTemp = mkdtempSync(join(tmpdir(), 'freebit-ops-test-run-'));
  const outerTemp = process.env.TMPDIR;
  process.env.TMPDIR = runTemp;

  await buildDist();
  // `vitest` (watch mode) runs the tests again after an edit: build again first.
  project.onTestsRerun(() => buildDist());

  let redis;
  try {
    redis = await provideTestRedis(join(runTemp, REDIS_FOLDER));
  } catch (error) {
    rmSync(runTemp, { recursive: true, force: true });
    throw error;
  }
  process.env.TEST_REDIS_URL = redis.url;
  say(redis.says);

  return async () => {
    await redis.stop();
    const left = readdirSync(runTemp).filter((name) => name !== REDIS_FOLDER && !TOOL_CACHES.test(name));
    rmSync(runTemp, { recursive: true, force: true });
    if (outerTemp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = outerTemp;
    if (left.length > 0) {
      const line = `Tests left ${left.length} entr${left.length === 1 ? 'y' : 'ies'} in the temp folder (removed now; each test must remove what it makes): ${left.sort().slice(0, 20).join(', ')}${left.length > 20 ? ', …' : ''}`;
      say(line);
      // A teardown that throws is only logged by vitest ("error during close"): fail the run this way.
      if (ci) process.exitCode = 1;
    }
  };
}
