import type { SlackDouble } from '../tools/slackDouble/double.js';
import { slashCommand, type SlackSender } from '../tools/slackDouble/requests.js';

export interface Sample {
  ackMs: number;
  replyMs: number;
}

/**
 * `/freebit <text>` sent `count` times, `concurrency` at a time, each timed to its ack and to
 * its reply reaching the Slack double (the lookup benchmark and the start-up benchmark).
 */
export async function timedLookups(
  sender: SlackSender,
  double: SlackDouble,
  options: { count: number; concurrency: number; text: string },
): Promise<Sample[]> {
  const samples: Sample[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (next < options.count) {
        next++;
        const responseUrl = double.responseUrl();
        const replied = double.waitForResponse(responseUrl, { timeoutMs: 30_000 }).then(() => performance.now());
        const started = performance.now();
        const ack = await sender.send(slashCommand({ text: options.text, response_url: responseUrl }));
        if (ack.status !== 200) throw new Error(`the bot answered HTTP ${ack.status}`);
        const ackMs = performance.now() - started;
        samples.push({ ackMs, replyMs: (await replied) - started });
      }
    }),
  );
  return samples;
}
