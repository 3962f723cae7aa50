import { beforeAll, describe, expect, test } from 'vitest';
import { TEXT_CAPS } from '../../../src/slack/kit/caps.js';
import { FIELDS, SHORTCUTS, VIEWS } from '../../../src/slack/kit/ids.js';
import { visibleText } from '../../../tools/slackDouble/rig.js';
import { useSlackRig } from '../../support/slackBot.js';
import { messageShortcut, slashCommand, state, viewSubmission } from '../../../tools/slackDouble/requests.js';

const ANOTHER_AGENT = 'U0AGENT02';

/** Milliseconds from `started` until `promise` settles, with its value. */
const timed = async <T>(started: number, promise: Promise<T>): Promise<{ value: T; ms: number }> => {
  const value = await promise;
  return { value, ms: performance.now() - started };
};

describe('text longer than anyone sends', () => {
  const rig = useSlackRig();

  // The bot as it runs all day: a first lookup has loaded what every lookup uses.
  beforeAll(async () => {
    const { responseUrl } = await rig.command('090-1234-5678');
    await rig.double.waitForResponse(responseUrl);
  });

  /** Another person's `/freebit 090-1234-5678`, sent at the same moment: their card, and how long it took. */
  const anotherLookup = (started: number) => {
    const responseUrl = rig.double.responseUrl();
    const ack = timed(started, rig.send(slashLookup(responseUrl)));
    const card = timed(started, rig.double.waitForResponse(responseUrl, { timeoutMs: 10_000 }));
    return { ack, card };
  };
  const slashLookup = (responseUrl: string) => ({
    body: new URLSearchParams({
      token: 'deprecated-verification-token',
      team_id: 'T0DOUBLE',
      channel_id: 'C0SUPPORT1',
      user_id: ANOTHER_AGENT,
      command: '/freebit',
      text: '090-1234-5678',
      api_app_id: 'A0FREEBIT1',
      trigger_id: `${Date.now()}.another`,
      response_url: responseUrl,
    }).toString(),
    contentType: 'application/x-www-form-urlencoded',
  });

  test('a 210 KB /freebit command is acknowledged and refused within a second, and another person’s lookup is answered as usual', async () => {
    const text = `cancel ${'+8 '.repeat(70_000)}`;
    expect(text.length).toBeGreaterThan(210_000);
    const responseUrl = rig.double.responseUrl();
    const command = slashCommand({ text, response_url: responseUrl });
    const started = performance.now();
    const refusal = timed(started, rig.double.waitForResponse(responseUrl, { timeoutMs: 10_000 }));
    const ack = timed(started, rig.send(command));
    const other = anotherLookup(started);

    expect((await ack).value.status).toBe(200);
    expect((await ack).ms).toBeLessThan(1_000);
    expect(visibleText((await refusal).value.body.blocks)).toContain(
      `That is too long for /freebit to read: at most ${TEXT_CAPS.command} characters.`,
    );
    expect((await refusal).ms).toBeLessThan(1_000);
    expect((await other.ack).ms).toBeLessThan(1_000);
    expect(visibleText((await other.card).value.body.blocks)).toContain(':large_green_circle:');
    expect((await other.card).ms).toBeLessThan(3_000);
  });

  test('a message shortcut on a 40,000-character message finds its number within 3 s, and another person’s lookup is answered as usual', async () => {
    const number = ' 090-1234-5678';
    const text = `${'+81 9 0 9 0 '.repeat(4_000)}`.slice(0, TEXT_CAPS.message - number.length) + number;
    expect(text).toHaveLength(40_000);
    const responseUrl = rig.double.responseUrl();
    const shortcut = messageShortcut({ callbackId: SHORTCUTS.lookUpNumbersInMessage, text, responseUrl });
    const started = performance.now();
    const card = timed(started, rig.double.waitForResponse(responseUrl, { timeoutMs: 10_000 }));
    const ack = rig.send(shortcut);
    const other = anotherLookup(started);

    expect((await ack).status).toBe(200);
    expect(visibleText((await card).value.body.blocks)).toContain('090-1234-5678');
    expect((await card).ms).toBeLessThan(3_000);
    expect((await other.ack).ms).toBeLessThan(1_000);
    expect(visibleText((await other.card).value.body.blocks)).toContain(':large_green_circle:');
    expect((await other.card).ms).toBeLessThan(3_000);
  });

  test('a message longer than Slack lets a message be is refused with a sentence, unread', async () => {
    const responseUrl = rig.double.responseUrl();
    await rig.send(
      messageShortcut({
        callbackId: SHORTCUTS.lookUpNumbersInMessage,
        text: `090-1234-5678 ${'x'.repeat(TEXT_CAPS.message)}`,
        responseUrl,
      }),
    );
    const reply = await rig.double.waitForResponse(responseUrl);
    expect(visibleText(reply.body.blocks)).toContain(
      `That message is too long to look for numbers in: at most ${TEXT_CAPS.message} characters.`,
    );
    expect(rig.double.responsesTo(responseUrl)).toHaveLength(1);
  });

  test('a form field past its cap is refused on the field, as too long, before it is read', async () => {
    const ack = await rig.send(
      viewSubmission({
        callbackId: VIEWS.lineLookup,
        privateMetadata: '{"l":"en"}',
        values: { phone: { phone_value: state.text('090-1234-5678 '.repeat(300)) } },
      }),
    );
    expect(ack.body).toEqual({
      response_action: 'errors',
      errors: { [FIELDS.phone.block]: 'This is too long: at most 3,000 characters.' },
    });
  });

  test('a form drawn in Japanese says so in Japanese', async () => {
    const ack = await rig.send(
      viewSubmission({
        callbackId: VIEWS.lineLookup,
        privateMetadata: '{"l":"ja"}',
        values: { phone: { phone_value: state.text('0'.repeat(3_001)) } },
      }),
    );
    expect(ack.body).toEqual({ response_action: 'errors', errors: { [FIELDS.phone.block]: '長すぎます（3,000 文字まで）。' } });
  });
});
