/**
 * The image's smoke test (.ci/run, where a container engine answers): the image built from the
 * Dockerfile started as Kubernetes starts it (read-only root, /tmp a tmpfs, the bot token as a
 * file), on the embedded sandbox and SQLite, with the Slack double on this machine as Slack
 * (host network); `/readyz` must answer 200, then `docker stop` (SIGTERM) must end it with 0.
 *   npx tsx tools/imageSmoke.ts freebit-ops:<version>
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOUBLE_BOT_TOKEN, startSlackDouble } from './slackDouble/double.js';

const image = process.argv[2];
if (!image) throw new Error('usage: tools/imageSmoke.ts <image>');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

const docker = (...args: string[]) => execFileSync('docker', args, { encoding: 'utf8' }).trim();

const double = await startSlackDouble();
const port = await freePort();
const folder = mkdtempSync(join(tmpdir(), 'freebit-ops-image-smoke-'));
const tokenFile = join(folder, 'slack-bot-token');
writeFileSync(tokenFile, `${DOUBLE_BOT_TOKEN}\n`);
// The container's `node` user reads it through the bind mount.
chmodSync(folder, 0o755);
chmodSync(tokenFile, 0o444);
let container = '';
try {
  container = docker(
    'run',
    '--detach',
    '--network',
    'host',
    '--read-only',
    '--tmpfs',
    '/tmp',
    '--volume',
    `${tokenFile}:/run/secrets/freebit-ops/slack-bot-token:ro`,
    '--env',
    'SLACK_BOT_TOKEN_FILE=/run/secrets/freebit-ops/slack-bot-token',
    '--env',
    'SLACK_SIGNING_SECRET=image-smoke-signing-secret',
    '--env',
    `SLACK_API_URL=${double.apiUrl}`,
    '--env',
    `PORT=${port}`,
    image,
  );
  const started = performance.now();
  let status = 0;
  while (performance.now() - started < 60_000) {
    status = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) break;
    if (docker('inspect', '-f', '{{.State.Running}}', container) !== 'true') break;
    await new Promise((done) => setTimeout(done, 250));
  }
  if (status !== 200) throw new Error(`/readyz answered ${status || 'nothing'} within 60 s`);
  console.log(`image smoke: /readyz 200 after ${((performance.now() - started) / 1000).toFixed(1)} s`);
  // SIGTERM, and up to the drain's 53 s and some before docker kills it.
  docker('stop', '--time', '65', container);
  const exitCode = docker('inspect', '-f', '{{.State.ExitCode}}', container);
  if (exitCode !== '0') throw new Error(`SIGTERM: the container exited with ${exitCode}, not 0`);
  console.log('image smoke: SIGTERM (docker stop) exited 0');
} catch (error) {
  if (container) console.error(spawnSync('docker', ['logs', container], { encoding: 'utf8' }).stdout.slice(-4_000));
  console.error(`image smoke FAILED: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  if (container) spawnSync('docker', ['rm', '--force', container]);
  await double.close();
  rmSync(folder, { recursive: true, force: true });
}
