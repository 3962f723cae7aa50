/**
 * Reading hostile text: the slowest 40,000-character input found for each reader of numbers
 * (a slash command's text, a message shortcut's message, a form's number field), in
 * milliseconds. Each reader must stay linear in its text; the listeners' caps keep the text
 * short besides, so these figures are what a cap-sized input could never exceed.
 */
import { findPhoneNumbers, parsePhoneList } from '../src/phone.js';
import { parseFreebitCommand } from '../src/slack/commandText.js';
import { ms } from './stats.js';

const LENGTH = 40_000;
const RUNS = Number(process.env.BENCH_PARSE_RUNS ?? 3);

/** `prefix` then `unit` repeated until the text is LENGTH characters long. */
const filled = (prefix: string, unit: string): string => (prefix + unit.repeat(Math.ceil(LENGTH / unit.length))).slice(0, LENGTH);

// Pieces that each start a number written with + (every one asks libphonenumber), numbers
// glued to digits, lists of real numbers, and words between digits.
const NUMBERISH = ['+81 9 ', '+8 ', '+81 90 1234 ', '090-1234-5678 ', '0 9 0 ', '(090) ', '+81 90 1234 5678 ', '1 ', '090 12345678 '];
const COMMAND_WORDS = ['cancel ', 'contract ', 'register ', 'lookup ', 'history ', 'access-log ', ''];

const INPUTS = {
  parseFreebitCommand: COMMAND_WORDS.flatMap((word) => NUMBERISH.map((unit) => filled(word, unit))),
  findPhoneNumbers: NUMBERISH.map((unit) => filled('', unit)),
  parsePhoneList: [...NUMBERISH.map((unit) => filled('', unit)), filled('', '090-1234-5678\n'), filled('', '+81 9,')],
};

const READERS: Record<keyof typeof INPUTS, (text: string) => unknown> = {
  parseFreebitCommand: (text) => parseFreebitCommand(text, Date.UTC(2026, 0, 1)),
  findPhoneNumbers: (text) => findPhoneNumbers(text, 101),
  parsePhoneList: (text) => parsePhoneList(text, 100),
};

/** The slowest of `inputs` (each timed RUNS times, its best kept, so a pause of the machine is not counted). */
function worst(read: (text: string) => unknown, inputs: string[]): { ms: number; input: string } {
  let slowest = { ms: 0, input: '' };
  for (const input of inputs) {
    let best = Number.POSITIVE_INFINITY;
    for (let run = 0; run < RUNS; run++) {
      const started = performance.now();
      read(input);
      best = Math.min(best, performance.now() - started);
    }
    if (best > slowest.ms) slowest = { ms: best, input };
  }
  return slowest;
}

export function benchParse(): void {
  console.log(`\nParse: the slowest ${LENGTH.toLocaleString('en')}-character input for each reader (best of ${RUNS} runs)`);
  // libphonenumber's metadata is loaded once, outside the figures.
  findPhoneNumbers('090-1234-5678', 1);
  for (const [name, inputs] of Object.entries(INPUTS) as [keyof typeof INPUTS, string[]][]) {
    const { ms: took, input } = worst(READERS[name], inputs);
    console.log(`  ${name.padEnd(20)} ${ms(took).padStart(12)}   ${JSON.stringify(input.slice(0, 24))}…`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) benchParse();
