import { describe, expect, test } from 'vitest';
import { ACTIONS } from '../../../../src/slack/kit/ids.js';
import { actionIds } from '../../../support/requestState.js';
import { AGENT } from '../../../../tools/slackDouble/requests.js';
import { buttonLabels, visibleText, type SlackRig } from '../../../../tools/slackDouble/rig.js';
import { useSlackRig } from '../../../support/slackBot.js';

const LOOKUP_PATH = '/master/getAcnt/';

/** A new fault replaces those still queued: one harmless one leaves the path answering normally. */
const calm = (rig: SlackRig) => rig.sandbox.injectFault(LOOKUP_PATH, { kind: 'delay', ms: 0 }, 1);

describe('/freebit <phone>', () => {
  const rig = useSlackRig();

  test('is acknowledged at once with an empty body; the answer comes through the response_url', async () => {
    const { ack, responseUrl } = await rig.command('090-1234-5678');
    expect(ack).toMatchObject({ status: 200, body: '' });
    await rig.double.waitForResponse(responseUrl);
  });

  test('shows the caller, and only the caller, the line card', async () => {
    const { responseUrl } = await rig.command('090-1234-5678');
    const reply = await rig.double.waitForResponse(responseUrl);
    expect(reply.body.response_type).toBe('ephemeral');
    const text = visibleText(reply.body.blocks);
    expect(text).toContain('090-1234-5678');
    expect(text).toContain(':large_green_circle:');
    expect(text).toContain('`8981100005012345671`');
    // When it was read from Freebit.
    expect(text).toContain('2026-11-22 12:00 JST');
    expect(actionIds(reply.body.blocks)).toEqual([
      ACTIONS.shareCard,
      ACTIONS.refreshCard,
      ACTIONS.requestCancellation,
      ACTIONS.requestContractChange,
    ]);
  });

  test('says SANDBOX on the card when Freebit is the embedded sandbox', async () => {
    const { responseUrl } = await rig.command('09012345678');
    const reply = await rig.double.waitForResponse(responseUrl);
    expect(reply.body.text).toMatch(/^\[SANDBOX\] /);
    expect(visibleText(reply.body.blocks)).toMatch(/^:test_tube: \*SANDBOX\*/);
  });

  test('describes a pending change at Freebit in words', async () => {
    const { responseUrl } = await rig.command('080-3843-3843');
    const reply = await rig.double.waitForResponse(responseUrl);
    expect(visibleText(reply.body.blocks)).toContain('Plan change scheduled for 2026-11-25');
  });

  test('says a well-formed unknown number is not found, without a card', async () => {
    const { responseUrl } = await rig.command('090-9999-0000');
    const reply = await rig.double.waitForResponse(responseUrl);
    expect(visibleText(reply.body.blocks)).toContain('Freebit has no line with the number 090-9999-0000.');
    expect(actionIds(reply.body.blocks)).toEqual([]);
  });

  test('says what Freebit’s unexpected error means, without a card', async () => {
    rig.sandbox.injectFault(LOOKUP_PATH, { kind: 'result-code', code: 900 }, 10);
    const { responseUrl } = await rig.command('09012345678');
    const reply = await rig.double.waitForResponse(responseUrl);
    expect(visibleText(reply.body.blocks)).toContain(
      'Freebit had an unexpected error on its side (detail code 900). Try again in a few minutes.',
    );
    calm(rig);
  });

  test('says Freebit answered something unreadable when it answers an HTTP error page', async () => {
    rig.sandbox.injectFault(LOOKUP_PATH, { kind: 'http-status', status: 502 }, 10);
    const { responseUrl } = await rig.command('09012345678');
    const reply = await rig.double.waitForResponse(responseUrl);
    const text = visibleText(reply.body.blocks);
    expect(text).toContain('Freebit answered something the bot could not read.');
    expect(text).not.toMatch(/at .+\.(ts|js):\d+/);
    calm(rig);
  });

  test('makes one PA03-02 call per lookup and no Slack call but the answer (the locale is cached)', async () => {
    await rig.double.waitForResponse((await rig.command('09012345678')).responseUrl);
    rig.sandbox.clearReceived();
    const before = rig.double.calls.length;
    const { responseUrl } = await rig.command('09012345678');
    await rig.double.waitForResponse(responseUrl);
    expect(rig.sandbox.received.map((request) => request.path)).toEqual([LOOKUP_PATH]);
    expect(rig.double.calls.slice(before).map((call) => call.method)).toEqual(['response_url']);
  });

  test('answers in Japanese when the person’s Slack is in Japanese', async () => {
    rig.double.setUser({ id: 'U0JAPAN01', locale: 'ja-JP' });
    const { responseUrl } = await rig.command('09012345678', { user_id: 'U0JAPAN01' });
    const reply = await rig.double.waitForResponse(responseUrl);
    expect(visibleText(reply.body.blocks)).toContain('利用中');
    expect(buttonLabels(reply.body.blocks)).toEqual(['チャンネルに共有', '再読み込み', '解約を申請…', '4G/5G 変更を申請…']);
  });

  test('when Slack cannot say who the person is, answers in English that it could not check, without asking Freebit; soon after, it asks again', async () => {
    rig.double.setUser({ id: 'U0NOLOCALE', locale: 'ja-JP' });
    rig.double.failNext('users.info', 'ratelimited');
    const lookupsBefore = rig.sandbox.received.length;
    const { responseUrl } = await rig.command('09012345678', { user_id: 'U0NOLOCALE' });
    const reply = await rig.double.waitForResponse(responseUrl);
    // Whether they are a guest is not guessed (ALLOW_GUESTS is unset).
    expect(visibleText(reply.body.blocks)).toContain('could not check with Slack whether you may see customers’ lines');
    expect(rig.sandbox.received.length).toBe(lookupsBefore);
    rig.clock.advance(11_000);
    const again = await rig.command('09012345678', { user_id: 'U0NOLOCALE' });
    expect(visibleText((await rig.double.waitForResponse(again.responseUrl)).body.blocks)).toContain(':large_green_circle:');
  });

  test('asks Slack for a person’s language once, with include_locale', async () => {
    rig.double.setUser({ id: 'U0ONCE001', locale: 'en-GB' });
    await rig.double.waitForResponse((await rig.command('09012345678', { user_id: 'U0ONCE001' })).responseUrl);
    await rig.double.waitForResponse((await rig.command('09012345678', { user_id: 'U0ONCE001' })).responseUrl);
    const asked = rig.double.callsTo('users.info').filter((call) => call.body.user === 'U0ONCE001');
    expect(asked).toHaveLength(1);
    expect(asked[0]!.body.include_locale).toBe('true');
  });
});

describe('/freebit help and mistakes', () => {
  const rig = useSlackRig();

  const answerTo = async (text: string) =>
    visibleText((await rig.double.waitForResponse((await rig.command(text)).responseUrl)).body.blocks);

  test('help lists every form of the command', async () => {
    const text = await answerTo('help');
    for (const form of ['/freebit 090-1234-5678', 'lookup', 'cancel', 'contract', 'register', '/freebit help'])
      expect(text).toContain(form);
  });

  test('help and the usage line say that a change takes several numbers', async () => {
    const help = await answerTo('help');
    expect(help).toContain('`/freebit cancel 090-1234-5678 … [2026-11-30]`: request a cancellation of one line or several');
    expect(help).toContain('`/freebit contract 090-1234-5678 … 5G`');
    expect(help).toContain('`/freebit register [090-1234-5678 …]`');
    expect(await answerTo('suspend 09012345678')).toContain('`cancel <phone…> [date]` · `contract <phone…> 4G|5G` · `register [<phone…>]`');
  });

  test('a number of the wrong length gets one line saying so, plus usage', async () => {
    const text = await answerTo('0901234');
    expect(text).toContain(
      '“0901234” is not a phone number the bot can use: a Freebit line number has 11 digits starting with 0 (090-1234-5678).\nUsage: `/freebit <phone>`',
    );
  });

  // Once a bug: ten digits without a 0 were given one and looked up as 012-3456-7890.
  test('a number that is not Japanese gets one line saying so, and Freebit is not asked', async () => {
    rig.sandbox.clearReceived();
    const text = await answerTo('1234567890');
    expect(text).toContain(
      '“1234567890” is not a phone number the bot can use: it is not a Japanese phone number (type it as 090-1234-5678 or +81 90-1234-5678).\nUsage:',
    );
    expect(rig.sandbox.received).toEqual([]);
  });

  test('an unknown subcommand gets one line naming it, plus usage', async () => {
    const text = await answerTo('suspend 09012345678');
    expect(text).toContain('“suspend” is not something /freebit can do.\nUsage:');
  });

  test('a date in the past gets one line saying so', async () => {
    expect(await answerTo('cancel 09012345678 2026-01-05')).toContain('2026-01-05 is in the past (Japan time)');
  });

  test('what the person typed is shown back escaped, never as a mention', async () => {
    expect(await answerTo('<!channel>')).toContain('“&lt;!channel&gt;”');
  });

  test('a mistake opens no modal and calls Freebit for nothing', async () => {
    rig.sandbox.clearReceived();
    await answerTo('contract 09012345678 3G');
    expect(rig.double.callsTo('views.open')).toHaveLength(0);
    expect(rig.sandbox.received).toHaveLength(0);
  });
});

describe('/freebit <phone> when Freebit does not answer', () => {
  const rig = useSlackRig({ checkLimits: false, env: { FREEBIT_TIMEOUT_MS: '300' } });

  test('says Freebit did not answer, and what to do', async () => {
    rig.sandbox.injectFault(LOOKUP_PATH, { kind: 'hang' }, 10);
    const { ack, responseUrl } = await rig.command('09012345678', { user_id: AGENT.id });
    expect(ack.status).toBe(200);
    const reply = await rig.double.waitForResponse(responseUrl);
    expect(visibleText(reply.body.blocks)).toContain(
      'Freebit did not answer within 0.3 s. Try again in a minute; if it keeps happening, Freebit may be down.',
    );
  });
});
