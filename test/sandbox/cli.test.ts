import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { code, PATH, post } from './helpers.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * What `npm run sandbox` runs (`tsx src/sandbox/cli.ts`), through the local tsx binary rather
 * than npx: npx does not pass SIGTERM on, so the test could not see the CLI stop by itself.
 * Its own process group, so a failed test can still end tsx and the node it starts.
 */
function startCli(env: Record<string, string>): ChildProcess {
  return spawn('node_modules/.bin/tsx', ['src/sandbox/cli.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
}

/** Collects stdout until a line matches, and returns the match. */
function waitForOutput(child: ChildProcess, pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = pattern.exec(output);
      if (match) resolve(match);
    });
    child.once('exit', (status) => reject(new Error(`cli exited with ${status} before printing ${pattern}: ${output}`)));
  });
}

describe('sandbox CLI (npm run sandbox)', () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    if (child?.pid && child.exitCode === null && child.signalCode === null) process.kill(-child.pid, 'SIGKILL');
  });

  it('prints its URL and the seeded numbers, answers over HTTP, and stops on SIGTERM', async () => {
    child = startCli({ SANDBOX_PORT: '0', SANDBOX_OEM_ID: 'OEM-CLI', SANDBOX_OEM_KEY: 'cli-key' });
    const [, url] = (await waitForOutput(child, /listening at (http:\/\/127\.0\.0\.1:\d+\/emptool\/api)\n[\s\S]*09087654321/)) as [
      string,
      string,
    ];
    expect(code(await post(url, PATH.auth, { oemId: 'OEM-CLI', oemKey: 'cli-key' }))).toBe(100);
    expect(code(await post(url, PATH.auth, { oemId: 'OEM-CLI', oemKey: 'other' }))).toBe(205);
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [status] = await exited;
    expect(status).toBe(0);
  });

  it('refuses an invalid environment with one message and exit status 2', async () => {
    child = startCli({ SANDBOX_PORT: 'eighty', SANDBOX_TIME_SCALE: '-1' });
    let errors = '';
    child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    const [status] = await once(child, 'exit');
    expect(status).toBe(2);
    expect(errors).toMatch(/SANDBOX_PORT.*SANDBOX_TIME_SCALE/);
  });
});
