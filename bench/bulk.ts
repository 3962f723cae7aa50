/**
 * The benchmark of a request for several lines (150 by default, BULK_MAX_LINES' ceiling), through
 * the real bot over signed HTTP (the Slack double as Slack, the embedded sandbox as Freebit, the
 * default Freebit pace of 20 calls a second). Prints, over BENCH_BULK_RUNS runs (median and
 * each): the pre-flight (the form submitted → the summary in the modal); the Approve click (the
 * signed click → Slack's ack, and → its handler done: the bot's acknowledged requests in flight
 * back to none), against a target of 300 ms; and from the click to "all accepted" (the
 * execution's thread reply), against the floor the pace sets; the Slack Web API calls and the
 * Freebit calls made in that time.
 */
import { approvalMessageFor, APPROVAL_ENV, APPROVER, click, freshLine } from '../tools/slackDouble/approvals.js';
import { submitCancellation, submitSummary, summaryIn } from '../tools/slackDouble/bulk.js';
import { startSlackRig } from '../tools/slackDouble/rig.js';
import { FREEBIT_BACKGROUND_RATE } from '../src/workflow/pace.js';
import { percentile } from './stats.js';
import { bytesWritten } from './storeBytes.js';

const LINES = Number(process.env.BENCH_BULK_LINES ?? 150);
/** What the click's handler should take at most, ack and decision included. */
const CLICK_TARGET_MS = 300;
const RUNS = Number(process.env.BENCH_BULK_RUNS ?? 3);
/** The lines of the store-bytes comparison: one batch of them against as many one-line requests (the target: the batch at most twice). */
const BYTES_LINES = Number(process.env.BENCH_BULK_BYTES_LINES ?? 150);

interface Run {
  preflightMs: number;
  clickToAckMs: number;
  clickToHandledMs: number;
  approvalToAcceptedMs: number;
  slackCalls: Record<string, number>;
  freebitCalls: { lookups: number; changes: number };
}

async function oneRun(index: number): Promise<Run> {
  const rig = await startSlackRig({ env: { ...APPROVAL_ENV, FREEBIT_TIMEOUT_MS: '8000', BULK_MAX_LINES: String(Math.max(2, LINES)) } });
  try {
    const phones = Array.from({ length: LINES }, (_, i) => `0805${String(index).padStart(2, '0')}0${String(i).padStart(4, '0')}`);
    for (const phone of phones) freshLine(rig, phone);

    const preflightStart = performance.now();
    const { viewId } = await submitCancellation(rig, phones.join('\n'), { reason: `bench run ${index}` });
    const summary = await summaryIn(rig, viewId, { timeoutMs: 60_000 });
    const preflightMs = performance.now() - preflightStart;
    await submitSummary(rig, summary, viewId);
    const message = await approvalMessageFor(rig.double, { text: `bench run ${index}` }, { timeoutMs: 30_000 });

    const slackBefore = rig.double.calls.length;
    const freebitBefore = rig.sandbox.received.length;
    const clicked = performance.now();
    await click(rig, message, 'approve', APPROVER);
    const clickToAckMs = performance.now() - clicked;
    // The handler is done once the bot holds no acknowledged request any more (the click was the only one).
    while (rig.bot.inFlight() > 0) await new Promise((resolve) => setTimeout(resolve, 1));
    const clickToHandledMs = performance.now() - clicked;
    // "All accepted": the one reply that says every line had its call.
    await rig.double.waitForCall(
      'chat.postMessage',
      (call) => call.body.thread_ts === message.ts && JSON.stringify(call.body.metadata ?? {}).includes('"reply":"executed"'),
      {
        timeoutMs: 120_000,
      },
    );
    const approvalToAcceptedMs = performance.now() - clicked;

    const slackCalls: Record<string, number> = {};
    for (const call of rig.double.calls.slice(slackBefore)) slackCalls[call.method] = (slackCalls[call.method] ?? 0) + 1;
    const freebit = rig.sandbox.received.slice(freebitBefore);
    return {
      preflightMs,
      clickToAckMs,
      clickToHandledMs,
      approvalToAcceptedMs,
      slackCalls,
      freebitCalls: {
        lookups: freebit.filter((entry) => entry.path === '/master/getAcnt/').length,
        changes: freebit.filter((entry) => entry.path === '/master/cnclAcnt/').length,
      },
    };
  } finally {
    await rig.close();
  }
}

/** Bytes written to the store by one request of BYTES_LINES lines and by BYTES_LINES one-line requests, each to its follow-up's end. */
export async function benchBulkBytes(): Promise<void> {
  const batch = await bytesWritten(BYTES_LINES, 'batch');
  const singles = await bytesWritten(BYTES_LINES, 'singles');
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
  console.log(`\n=== Store bytes written: ${BYTES_LINES} lines, request to follow-up's end ===`);
  console.log(`one request of ${BYTES_LINES} lines: ${kb(batch)} (${batch} B)`);
  console.log(`${BYTES_LINES} one-line requests: ${kb(singles)} (${singles} B)`);
  console.log(`batch ÷ singles: ${(batch / singles).toFixed(2)} (target ≤ 2)`);
}

export async function benchBulk(): Promise<void> {
  const runs: Run[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await oneRun(i));
  const rate = FREEBIT_BACKGROUND_RATE;
  const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const each = (pick: (run: Run) => number) => runs.map((run) => fmt(pick(run))).join(', ');
  const last = runs.at(-1)!;
  const slackTotal = Object.values(last.slackCalls).reduce((sum, count) => sum + count, 0);
  console.log(`\n=== Bulk request: ${LINES} lines, default Freebit pace ${rate} calls/s, ${RUNS} runs ===`);
  // The pace lets a second's worth of calls go at once, then `rate` a second: n calls take (n − rate) ÷ rate at the least.
  const floor = (calls: number) => fmt((Math.max(0, calls - rate) / rate) * 1000);
  console.log(
    `pre-flight (form submitted → summary shown): median ${fmt(
      percentile(
        runs.map((run) => run.preflightMs),
        50,
      ),
    )} (${each((run) => run.preflightMs)}); floor ${floor(LINES)} (${LINES} look-ups at ${rate}/s)`,
  );
  const ms = (value: number) => `${value.toFixed(0)} ms`;
  const median = (pick: (run: Run) => number) => percentile(runs.map(pick), 50);
  console.log(
    `Approve click → Slack's ack: median ${ms(median((run) => run.clickToAckMs))} (${runs.map((run) => ms(run.clickToAckMs)).join(', ')}); ` +
      `→ handler done: median ${ms(median((run) => run.clickToHandledMs))} (${runs.map((run) => ms(run.clickToHandledMs)).join(', ')}); ` +
      `target ${CLICK_TARGET_MS} ms`,
  );
  console.log(
    `approval click → all accepted: median ${fmt(
      percentile(
        runs.map((run) => run.approvalToAcceptedMs),
        50,
      ),
    )} (${each((run) => run.approvalToAcceptedMs)}); ` +
      `floor ${floor(2 * LINES)} for ${2 * LINES} calls (each change and the look-up right before it), ${floor(LINES)} for the ${LINES} changes alone`,
  );
  console.log(`Freebit calls in that time: ${last.freebitCalls.changes} changes, ${last.freebitCalls.lookups} look-ups`);
  console.log(
    `Slack Web API calls in that time: ${slackTotal} (${Object.entries(last.slackCalls)
      .map(([method, count]) => `${method} ${count}`)
      .join(', ')})`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.env.BENCH_BULK_ONLY !== 'bytes') await benchBulk();
  await benchBulkBytes();
}
