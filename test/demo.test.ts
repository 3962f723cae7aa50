/**
 * `npm run demo`: run as a person runs it, in its own process, from the repository.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

function runDemo(env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), ['demo/run.ts'], {
      cwd: ROOT,
      // Nothing from the caller's environment but PATH: the demo needs no credentials.
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run demo', () => {
  test('plays the story to the end (one line, then five in one request) and exits 0, printing what each person saw, in order', async () => {
    const { code, stdout, stderr } = await runDemo();
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const beats = [
      'Sato (support agent) does:\n                  /freebit 090-1234-5678',
      'only Sato (support agent) sees:\n                  090-1234-5678\n                  🟢 Active',
      'sees a form "Cancel a line"',
      'everyone in #approvals:\n                  Approval needed: Cancel a line · 090-1234-5678',
      'Sato (support agent) does:\n                  clicks Approve',
      'only Sato (support agent) sees:\n                  You cannot approve or reject your own request',
      'Tanaka (approver) does:\n                  clicks Approve',
      '✅ Approved by @Tanaka',
      "in the request's thread:\n                  @Sato Freebit accepted the request to cancel 090-1234-5678",
      "in the request's thread:\n                  @Sato 🎉 Done: cancel 090-1234-5678 as soon as possible. State: Active → Cancelled.",
      // Several lines in one request: the line cancelled above among them, one number twice.
      'Sato (support agent) does:\n                  /freebit cancel 080-5555-0001',
      'Sato (support agent) does:\n                  pastes 7 numbers into "Phone numbers":',
      'Sato (support agent) sees the form "Cancel a line" change to:\n                  Checking 6 lines with Freebit…',
      'Sato (support agent) sees the form "Cancel a line" change to:\n                  You asked to cancel 6 lines as soon as possible.\n                  5 can be requested, 1 cannot.',
      '• 090-1234-5678: already cancelled',
      '[Request 5 lines]',
      'Sato (support agent) does:\n                  clicks Request 5 lines',
      'everyone in #approvals:\n                  Approval needed: Cancel a line · 5 lines',
      'Your request to cancel 5 lines as soon as possible is waiting for approval',
      'Tanaka (approver) does:\n                  clicks Approve',
      'everyone in #approvals: the approval message changes:',
      // Drawings waiting their turn toward Slack are coalesced: the progress shown in between varies.
      "in the request's thread:\n                  @Sato Every line of the request to cancel 5 lines as soon as possible had its turn:",
      "in the request's thread:\n                  @Sato 🎉 Done: cancel 5 lines as soon as possible. 5 done.",
      'The story completed in',
    ];
    // The message's last drawing and the thread's replies travel apart (both in order, each on its own).
    expect(stdout).toContain('5 lines: 5 done');
    let from = 0;
    for (const beat of beats) {
      const at = stdout.indexOf(beat, from);
      expect(at, `"${beat}" after position ${from} in:\n${stdout}`).toBeGreaterThanOrEqual(0);
      from = at + beat.length;
    }
    // One approval message for the five lines, one reply when they were sent, one when they were done.
    for (const once of ['Approval needed: Cancel a line · 5 lines', 'Every line of the request', 'Done: cancel 5 lines'])
      expect(stdout.split(once)).toHaveLength(2);
    expect(stdout).toMatch(/^\d\d:\d\d:\d\d\.\d{3} JST {2}/m);
    // No Slack ids or markup left for a person to decode.
    expect(stdout).not.toMatch(/<@U|U0AGENT01|U0APPROVER1/);
  }, 60_000);

  test('exits non-zero, naming the step that did not happen, when the story does not complete', async () => {
    const { code, stderr } = await runDemo({ DEMO_STEP_TIMEOUT_MS: '1' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/The demo did not complete: the line card for the lookup: did not happen within 1 ms/);
  }, 60_000);
});
