/**
 * The start-up yardstick for bench/startup.ts: a Bolt app and nothing else (it imports only
 * `@slack/bolt`), so that what the bot loads beyond Bolt is what the comparison shows. Its
 * command handler acks and responds; it calls nothing. Environment: SLACK_BOT_TOKEN,
 * SLACK_SIGNING_SECRET, SLACK_API_URL, PORT (default: any free port). Answers `GET /healthz`
 * 200 once listening; stops on SIGTERM. (bench/slack-minimal-bot.ts, which also makes the
 * PA03-02 call through our Freebit client, stays the yardstick of the lookup path and memory.)
 */
import { App, LogLevel } from '@slack/bolt';

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
  await respond({ response_type: 'ephemeral', text: command.text });
});
await app.start(Number(process.env.PORT ?? 0));
process.once('SIGTERM', () => {
  void app.stop().then(() => process.exit(0));
});
