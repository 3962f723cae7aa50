/**
 * The yardstick for bench/slack-lookup.ts: a minimal Bolt bot, a few lines, run as its own
 * process exactly like the real bot in sandbox mode (an embedded sandbox in the same
 * process). Its command handler acks, makes the one PA03-02 call and responds.
 * Environment: SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_API_URL. Prints one JSON line
 * `{"port":…,"sandboxUrl":…}` when listening; stops on SIGTERM.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';
import { FreebitClient, memoryAuthKeyCache } from '../src/freebit/index.js';
import { phoneNumber } from '../src/phone.js';
import { startSandbox } from '../src/sandbox/index.js';

const sandbox = await startSandbox();
const freebit = new FreebitClient({ baseUrl: sandbox.url, credentials: { oemId: 'bench', oemKey: 'bench' }, authKeyCache: memoryAuthKeyCache() });
const app = new App({
  token: process.env.SLACK_BOT_TOKEN,
  signingSecret: process.env.SLACK_SIGNING_SECRET,
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
  logLevel: LogLevel.ERROR,
});
app.command('/freebit', async ({ ack, command, respond }) => {
  await ack();
  const line = await freebit.lookupLine(phoneNumber(command.text));
  await respond({ response_type: 'ephemeral', text: `${line.phone}: ${line.state}` });
});
const server = (await app.start(0)) as Server;
console.log(JSON.stringify({ port: (server.address() as AddressInfo).port, sandboxUrl: sandbox.url }));
process.once('SIGTERM', () => {
  void Promise.all([app.stop(), freebit.close(), sandbox.close()]).then(() => process.exit(0));
});
