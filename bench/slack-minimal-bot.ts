/**
 * The yardstick for bench/slack-lookup.ts: a minimal Bolt bot, a few lines, run as its own
 * process exactly like the real bot in sandbox mode (an embedded sandbox in the same
 * process). Its command handler acks, makes the one PA03-02 call and responds.
 * Environment: SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_API_URL, PORT (default: any free
 * port). Prints one JSON line `{"port":…,"sandboxUrl":…}` when listening, answers `GET /healthz`
 * 200 from then on (bench/startup.ts times that, as it does the bot's); stops on SIGTERM.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';
import { FreebitClient, memoryAuthKeyCache } from '../src/freebit/index.js';
import { phoneNumber } from '../src/phone.js';
import { startSandbox } from '../src/sandbox/index.js';

const sandbox = await startSandbox();
const freebit = new FreebitClient({
  baseUrl: sandbox.url,
  credentials: { oemId: 'bench', oemKey: 'bench' },
  authKeyCache: memoryAuthKeyCache(),
});
const app = new App({
  token: process.env.SLACK_BOT_TOKEN,
  signingSecret: process.env.SLACK_SIGNING_SECRET,
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
  logLevel: LogLevel.ERROR,
  customRoutes: [
    {
      path: '/healthz',
      method: ['GET'],
      handler: (_request, response) => {
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.end('ok');
      },
    },
  ],
});
app.command('/freebit', async ({ ack, command, respond }) => {
  await ack();
  const line = await freebit.lookupLine(phoneNumber(command.text));
  await respond({ response_type: 'ephemeral', text: `${line.phone}: ${line.state}` });
});
const server = (await app.start(Number(process.env.PORT ?? 0))) as Server;
console.log(JSON.stringify({ port: (server.address() as AddressInfo).port, sandboxUrl: sandbox.url }));
process.once('SIGTERM', () => {
  void Promise.all([app.stop(), freebit.close(), sandbox.close()]).then(() => process.exit(0));
});
