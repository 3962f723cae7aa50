/**
 * `npm run demo`: the bot at work, with no Slack workspace and no credentials.
 *
 * The real app (`startBot`, HTTP mode, signed requests) runs against the Slack Web API double
 * in tools/slackDouble/ (the end-to-end tests use it too: one piece of code for both) and the
 * embedded Freebit sandbox, sped up 600 times (a cancellation Freebit takes 10 minutes for
 * completes in 1 s). It plays one story: a lookup; a cancellation requested, refused for self-approval, approved
 * by an approver, executed, and followed up to completion in the request's thread; then a
 * cancellation of a customer's several lines in one request: numbers pasted into the
 * form, the summary of which can be requested, one approval message whose progress is drawn in
 * place, one reply when every line was sent and one when all are done. Then it prints what each
 * person saw in Slack, in order, with timestamps.
 *
 * Exit 0 when the story completed; 1, with the step that did not happen, when it did not.
 * DEMO_STEP_TIMEOUT_MS (default 15000) bounds each step.
 */
import { systemClock } from '../src/clock.js';
import {
  approvalClick,
  approvalMessageFor,
  approvalMessages,
  freshLine,
  replyKeys,
  requestCancellation,
  waitForReply,
  waitForThreadReply,
  waitForUpdate,
  APPROVAL_CHANNEL,
  APPROVER,
} from '../tools/slackDouble/approvals.js';
import { submitCancellation as submitNumbers, submitSummary, summaryIn } from '../tools/slackDouble/bulk.js';
import { readable as readableBy, render, type Names } from '../tools/slackDouble/asSeen.js';
import { startSlackRig, visibleText, type SlackRig } from '../tools/slackDouble/rig.js';
import type { SlackCall } from '../tools/slackDouble/double.js';
import { AGENT, SUPPORT_CHANNEL } from '../tools/slackDouble/requests.js';

const PHONE = '090-1234-5678';
/** A corporate customer's five active lines, put into the sandbox for the second part. */
const CUSTOMER_LINES = ['08055550001', '08055550002', '08055550003', '08055550004', '08055550005'];
/**
 * As the agent pastes them from the customer's mail: the five lines, the line cancelled in the
 * first part, and one of the five a second time, written another way.
 */
const PASTED = ['080-5555-0001', '080-5555-0002', '08055550003', PHONE, '080-5555-0004', '+81 80 5555 0002', '080 5555 0005'];
const BULK_REASON = 'corporate customer closes its account';
const PEOPLE: Record<string, string> = { [AGENT.id]: 'Sato (support agent)', [APPROVER]: 'Tanaka (approver)' };
const CHANNELS: Record<string, string> = { [SUPPORT_CHANNEL.id]: '#support', [APPROVAL_CHANNEL]: '#approvals' };
/** Web API calls that show nothing to anybody. */
const UNSEEN = new Set(['auth.test', 'users.info', 'usergroups.users.list', 'conversations.info', 'views.publish', 'chat.getPermalink']);

const stepTimeoutMs = Number(process.env.DEMO_STEP_TIMEOUT_MS ?? 15_000);
const startedAt = Date.now();
const started = performance.now();

interface Entry {
  /** Milliseconds since the demo started. */
  at: number;
  who: string;
  text: string;
}
/** What people did (and saw outside the Web API: a form's acknowledgement), each placed before the Slack calls that came after it. */
const actions: Array<Entry & { beforeCall: number }> = [];
const owners = new Map<string, string>(); // response_url or trigger_id → the person it belongs to
const shown = new Map<string, string>(); // a channel message's ts → its text as last shown
let rigStarted = 0; // when the Slack double started, in the demo's time (its calls' `at` count from there)
let callsSoFar = () => 0;

function did(userId: string, action: string): void {
  actions.push({ at: performance.now() - started, who: `${name(userId)} does`, text: action, beforeCall: callsSoFar() });
}

/** What a form showed in answer to its submission (`response_action: update`): Slack shows it, no Web API call does. */
function formAnswered(
  userId: string,
  view: { title?: { text?: string }; blocks?: unknown; submit?: { text?: string } },
  beforeCall: number,
  at: number,
): void {
  actions.push({
    at,
    who: `${name(userId)} sees the form "${readable(String(view.title?.text ?? ''))}" change to`,
    text: readable(render(view.blocks, view.submit)),
    beforeCall,
  });
}

function name(userId: string): string {
  return PEOPLE[userId] ?? userId;
}

/** Names as the transcript prints them: "Sato", "#approvals". */
const NAMES: Names = { person: (userId) => name(userId).split(' ')[0]!, channel: (channelId) => CHANNELS[channelId] ?? `#${channelId}` };

const readable = (text: string) => readableBy(text, NAMES);

/** Who sees a Slack call, and what they read; undefined for calls nobody sees. */
function seen(call: SlackCall, channelOfTs: Map<string, string>): { who: string; text: string } | undefined {
  const body = call.body;
  const view = body.view as { blocks?: unknown; submit?: { text?: string } } | undefined;
  const text = readable(render(body.blocks ?? view?.blocks, view?.submit) || String(body.text ?? ''));
  const where = (channel: unknown) => CHANNELS[String(channel)] ?? String(channel);
  switch (call.method) {
    case 'response_url': {
      const owner = owners.get(call.responseUrl ?? '') ?? 'the person who clicked';
      return body.response_type === 'in_channel'
        ? { who: `everyone in the channel (shared by ${name(owner)})`, text }
        : { who: `only ${name(owner)} sees`, text };
    }
    case 'chat.postEphemeral':
      return { who: `only ${name(String(body.user))} sees, in ${where(body.channel)}`, text };
    case 'chat.postMessage':
      if (typeof call.answer?.ts === 'string') shown.set(call.answer.ts, text);
      return body.thread_ts
        ? { who: `everyone in ${where(body.channel)}, in the request's thread`, text }
        : { who: `everyone in ${where(body.channel)}`, text };
    case 'chat.update': {
      // Only what changed: the lines the message did not have before.
      const before = new Set((shown.get(String(body.ts)) ?? '').split('\n'));
      shown.set(String(body.ts), text);
      const changed = text.split('\n').filter((line) => !before.has(line));
      return {
        who: `everyone in ${where(channelOfTs.get(String(body.ts)) ?? body.channel)}: the approval message changes`,
        text: changed.join('\n') || '(nothing visible)',
      };
    }
    case 'views.open':
    case 'views.push':
    case 'views.update': {
      const title = readable(String((body.view as { title?: { text?: string } } | undefined)?.title?.text ?? 'a form'));
      // An update has no trigger: it replaces a form someone has open (only the agent fills forms here).
      if (call.method === 'views.update') return { who: `${name(AGENT.id)} sees the form "${title}" change to`, text };
      return { who: `${name(owners.get(String(body.trigger_id)) ?? AGENT.id)} sees a form "${title}"`, text };
    }
    default:
      return UNSEEN.has(call.method) ? undefined : { who: `(${call.method})`, text };
  }
}

/** The time in Japan, where the support team works. */
function clock(ms: number): string {
  return new Date(startedAt + ms + 9 * 3_600_000).toISOString().slice(11, 23);
}

function print(rig: SlackRig | undefined): void {
  const channelOfTs = new Map<string, string>();
  const entries: Entry[] = [];
  const calls = rig?.double.calls ?? [];
  let next = 0;
  calls.forEach((call, index) => {
    while (actions[next] && actions[next]!.beforeCall <= index) entries.push(actions[next++]!);
    if (call.method === 'chat.postMessage' && typeof call.answer?.ts === 'string')
      channelOfTs.set(call.answer.ts, String(call.body.channel));
    const view = seen(call, channelOfTs);
    if (view) entries.push({ at: rigStarted + call.at, ...view });
  });
  entries.push(...actions.slice(next));
  const out: string[] = [];
  for (const entry of entries) {
    out.push(`${clock(entry.at)} JST  ${entry.who}:`);
    for (const line of entry.text.split('\n')) out.push(`                  ${line}`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

/** One step of the story: its name is the reason given when it does not happen. */
async function step<T>(what: string, work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`did not happen within ${stepTimeoutMs} ms`)), stepTimeoutMs);
      }),
    ]);
  } catch (error) {
    throw new Error(`${what}: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    clearTimeout(timer);
  }
}

async function story(rig: SlackRig): Promise<void> {
  // Every response_url and trigger_id the agent's commands use is theirs (for "who sees it").
  const command = rig.command;
  rig.command = async (text, overrides = {}) => {
    const user = overrides.user_id ?? AGENT.id;
    did(user, `/freebit ${text}`);
    const sent = await command(text, overrides);
    owners.set(sent.responseUrl, user).set(sent.triggerId, user);
    return sent;
  };
  // A form's submission answered with another view ("Checking 6 lines…") shows it in the same modal.
  const sendAny = rig.send;
  rig.send = async (request, options) => {
    const beforeCall = callsSoFar();
    const at = performance.now() - started;
    const ack = await sendAny(request, options);
    const body = ack.body as { response_action?: string; view?: Parameters<typeof formAnswered>[1] } | undefined;
    if (typeof body === 'object' && body?.response_action === 'update' && body.view) formAnswered(AGENT.id, body.view, beforeCall, at);
    return ack;
  };

  await step('the line card for the lookup', async () => {
    const { responseUrl } = await rig.command(PHONE);
    await rig.double.waitForResponse(responseUrl, { timeoutMs: stepTimeoutMs });
  });

  await step('the cancellation request', async () => {
    const send = rig.send;
    rig.send = (request, options) => {
      if (request.body.includes('view_submission'))
        did(AGENT.id, 'leaves the date empty, writes the reason "customer moved abroad", clicks Request');
      return send(request, options);
    };
    await requestCancellation(rig, PHONE, { reason: 'customer moved abroad' });
    rig.send = send;
  });
  const message = await step('the approval message in #approvals', () =>
    approvalMessageFor(rig.double, { phone: PHONE }, { timeoutMs: stepTimeoutMs }),
  );

  const clickApprove = async (userId: string) => {
    const responseUrl = rig.double.responseUrl();
    owners.set(responseUrl, userId);
    did(userId, `clicks Approve on ${message.requestId} (and confirms)`);
    await rig.send(approvalClick(message, 'approve', userId, { responseUrl }));
    return responseUrl;
  };
  await step('the refusal of a self-approval', async () => {
    const before = rig.double.calls.length;
    const responseUrl = await clickApprove(AGENT.id);
    // The refusal goes to the click's response_url, or as an ephemeral message: whichever comes.
    const answer = await Promise.any([
      rig.double.waitForCall('response_url', (call) => call.responseUrl === responseUrl, { timeoutMs: stepTimeoutMs }),
      rig.double.waitForCall('chat.postEphemeral', (call) => call.body.user === AGENT.id && rig.double.calls.indexOf(call) >= before, {
        timeoutMs: stepTimeoutMs,
      }),
    ]);
    if (!/own request/.test(JSON.stringify(answer.body)))
      throw new Error(`the requester was told something else: ${visibleText(answer.body.blocks) || String(answer.body.text)}`);
  });

  await step('the approval by the approver, and Freebit accepting the cancellation', async () => {
    await clickApprove(APPROVER);
    await waitForThreadReply(rig.double, message, 'Freebit accepted the request', { timeoutMs: stepTimeoutMs });
  });
  await step('the follow-up telling the thread the cancellation is done', () =>
    waitForThreadReply(rig.double, message, ':tada: Done:', { timeoutMs: stepTimeoutMs }),
  );

  await severalLines(rig);
}

/**
 * The second part: the agent pastes a customer's numbers into the cancellation form;
 * one of them is the line cancelled above, one is there twice. The form shows which lines can
 * be requested; one request, one approval message, its progress drawn in place, one reply when
 * every line had its call and one when every line is done.
 */
async function severalLines(rig: SlackRig): Promise<void> {
  const timeout = { timeoutMs: stepTimeoutMs };
  for (const phone of CUSTOMER_LINES) freshLine(rig, phone);
  const messagesBefore = approvalMessages(rig.double).length;

  const { viewId, responseUrl: answeredAt } = await step('the form of several numbers, and "Checking…" in its place', async () => {
    const send = rig.send;
    rig.send = (request, options) => {
      if (request.body.includes('view_submission')) {
        did(
          AGENT.id,
          `pastes ${PASTED.length} numbers into "Phone numbers":\n${PASTED.map((each) => `  ${each}`).join('\n')}\nleaves the date empty, writes the reason "${BULK_REASON}", clicks Request`,
        );
      }
      return send(request, options);
    };
    try {
      const submitted = await submitNumbers(rig, PASTED.join('\n'), { reason: BULK_REASON });
      if ((submitted.ack.body as { response_action?: string } | undefined)?.response_action !== 'update')
        throw new Error(`the form answered ${JSON.stringify(submitted.ack.body)}`);
      return submitted;
    } finally {
      rig.send = send;
    }
  });
  const { summary, submit } = await step('the summary of which lines can be requested', async () => {
    const view = await summaryIn(rig, viewId, timeout);
    const button = (view.submit as { text?: string } | undefined)?.text;
    if (!button) throw new Error('it offers nothing to request');
    return { summary: view, submit: button };
  });

  did(AGENT.id, `clicks ${submit}`);
  await submitSummary(rig, summary, viewId);
  const message = await step('one approval message for the lines', () => approvalMessageFor(rig.double, { text: BULK_REASON }, timeout));
  await step('the request id told to the agent', () => rig.double.waitForResponse(answeredAt, timeout));

  did(APPROVER, `clicks Approve on ${message.requestId} (and confirms)`);
  const responseUrl = rig.double.responseUrl();
  owners.set(responseUrl, APPROVER);
  await rig.send(approvalClick(message, 'approve', APPROVER, { responseUrl }));
  await step('the progress of the lines drawn on the approval message', () =>
    waitForUpdate(rig.double, message, `${CUSTOMER_LINES.length} lines: `, timeout),
  );
  await step('one reply once every line was sent', () => waitForReply(rig.double, message, 'executed', timeout));
  await step('one reply once every line is done', () => waitForReply(rig.double, message, 'completed', timeout));
  // Nothing more to wait for: what was posted is counted.
  const messages = approvalMessages(rig.double).length - messagesBefore;
  const replies = replyKeys(rig.double, message);
  // No `line_list` reply: the message itself lists up to 20 lines.
  const expected = ['approved', 'executed', 'completed'];
  if (messages !== 1 || replies.join() !== expected.join()) {
    throw new Error(
      `one approval message, and one reply of each kind in its thread: ${messages} approval messages, thread replies ${replies.join(', ')} (expected ${expected.join(', ')})`,
    );
  }
}

async function main(): Promise<number> {
  process.stdout.write(
    [
      'freebit-ops demo: the real bot in HTTP mode, a stand-in for Slack, the Freebit sandbox 600x faster.',
      `${PEOPLE[AGENT.id]} works in #support; ${PEOPLE[APPROVER]} approves changes in #approvals.`,
      'Every message and form also carries a SANDBOX banner (left out below).',
      `Then a corporate customer's ${CUSTOMER_LINES.length} active lines (080-5555-0001 to 0005, put in the sandbox) are cancelled in one request.`,
      '',
      '',
    ].join('\n'),
  );
  let rig: SlackRig | undefined;
  let failure: string | undefined;
  try {
    rigStarted = performance.now() - started;
    rig = await startSlackRig({
      env: {
        // Sato is an approver too: that is what makes a self-approval possible to try.
        APPROVER_USER_IDS: `${AGENT.id},${APPROVER}`,
        APPROVAL_CHANNEL_ID: APPROVAL_CHANNEL,
        SANDBOX_TIME_SCALE: '600',
        POLL_INTERVAL_MS: '200',
      },
      overrides: { clock: systemClock },
    });
    const double = rig.double;
    callsSoFar = () => double.calls.length;
    rig.double.setUser({ id: AGENT.id, name: 'sato', locale: 'en-US' });
    rig.double.setUser({ id: APPROVER, name: 'tanaka', locale: 'en-US' });
    await story(rig);
  } catch (error) {
    failure = error instanceof Error ? error.message : String(error);
  }
  print(rig);
  await rig?.close().catch(() => undefined);
  if (failure) {
    process.stderr.write(`\nThe demo did not complete: ${failure}\n`);
    return 1;
  }
  process.stdout.write(
    `\nThe story completed in ${((performance.now() - started) / 1000).toFixed(1)} s: looked up, requested, self-approval refused, approved, executed, followed up to done; ` +
      `then ${CUSTOMER_LINES.length} lines in one request: checked, approved once, sent line by line, followed up to done.\n`,
  );
  return 0;
}

process.exit(await main());
