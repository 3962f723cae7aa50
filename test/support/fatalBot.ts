/**
 * `npm start`'s own `run()`, in a process of its own, and then what a bug would leave behind:
 * a rejected promise nobody awaits (`rejection`, the default) or an exception nobody catches
 * (`exception`), each carrying the bot token in its message. Run as
 * `node --import tsx test/support/fatalBot.ts [rejection|exception]`.
 */
import { run } from '../../src/main.js';

await run();
const secret = process.env.SLACK_BOT_TOKEN ?? '';
if (process.argv[2] === 'exception') {
  setTimeout(() => {
    throw new Error(`a listener threw with ${secret} in hand`);
  }, 0);
} else {
  void Promise.reject(new Error(`a promise rejected with ${secret} in hand`));
}
