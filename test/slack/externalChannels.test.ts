/**
 * Channels shared with another organisation (Slack Connect): a line card is not shared there,
 * and no approval message goes there, unless SHARE_EXTERNAL_CHANNELS=true. Over signed HTTP,
 * against the Slack double's conversations.info.
 */
import { describe, expect, test } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { startBot, StartupError } from '../../src/main.js';
import { ACTIONS } from '../../src/slack/kit/ids.js';
import { approvalMessages, APPROVAL_CHANNEL, APPROVAL_ENV, freshLine, requestCancellation } from '../../tools/slackDouble/approvals.js';
import { findButton, SIGNING_SECRET, visibleText, type SlackRig } from '../../tools/slackDouble/rig.js';
import { useSlackRig } from '../support/slackBot.js';
import { DOUBLE_BOT_TOKEN, startSlackDouble } from '../../tools/slackDouble/double.js';
import { blockActions, SUPPORT_CHANNEL, triggerId } from '../../tools/slackDouble/requests.js';

const PARTNER_CHANNEL = 'C0PARTNER1';

/** `/freebit <phone>` in `channelId`, then Share in channel on the card it showed; resolves with the click's response_url. */
async function shareIn(rig: SlackRig, phone: string, channelId: string): Promise<string> {
  const { responseUrl: commandUrl } = await rig.command(phone, { channel_id: channelId });
  const card = (await rig.double.waitForResponse(commandUrl)).body.blocks;
  const responseUrl = rig.double.responseUrl();
  const button = findButton(card, ACTIONS.shareCard);
  await rig.send(
    blockActions({
      actionId: ACTIONS.shareCard,
      value: button.value,
      responseUrl,
      triggerId: triggerId(),
      container: { type: 'message', ephemeral: true, channelId },
    }),
  );
  return responseUrl;
}

const postsIn = (rig: SlackRig, channelId: string) =>
  rig.double.callsTo('chat.postMessage').filter((call) => call.body.channel === channelId);

describe('a channel shared with another organisation', () => {
  const rig = useSlackRig();

  test('Share in channel is refused there, saying why, and posts nothing', async () => {
    rig.double.shareExternally(PARTNER_CHANNEL);
    const responseUrl = await shareIn(rig, '09012345678', PARTNER_CHANNEL);
    const reply = await rig.double.waitForResponse(responseUrl);
    expect(visibleText(reply.body.blocks)).toContain('shared with another organisation (Slack Connect), so the card was not posted here');
    expect(postsIn(rig, PARTNER_CHANNEL)).toEqual([]);
    expect(rig.double.callsTo('conversations.info').some((call) => call.body.channel === PARTNER_CHANNEL)).toBe(true);
  });

  test('an internal channel still gets the card (the control)', async () => {
    await shareIn(rig, '09012345678', SUPPORT_CHANNEL.id);
    await rig.double.waitForCall('chat.postMessage', (call) => call.body.channel === SUPPORT_CHANNEL.id);
  });

  test('a change asked from it, whose approval message would go there, is refused with the sentence, and nothing is posted there', async () => {
    rig.double.shareExternally(PARTNER_CHANNEL);
    freshLine(rig, '07088880001');
    const { answer } = await requestCancellation(rig, '07088880001', { channelId: PARTNER_CHANNEL });
    expect(answer).toContain('shared with another organisation (Slack Connect)');
    expect(answer).toContain('nothing was requested');
    expect(postsIn(rig, PARTNER_CHANNEL)).toEqual([]);
  });

  test('Slack answering conversations.info with an error is not a guess: the share is refused, saying so', async () => {
    rig.double.failNext('conversations.info', 'internal_error', 5);
    const responseUrl = await shareIn(rig, '09012345678', 'C0UNKNOWN1');
    const reply = await rig.double.waitForResponse(responseUrl);
    expect(visibleText(reply.body.blocks)).toContain('could not check with Slack whether this channel is shared');
    expect(postsIn(rig, 'C0UNKNOWN1')).toEqual([]);
  });
});

describe('a channel shared with another organisation, in Japanese', () => {
  const rig = useSlackRig();

  test('the refusal is said in Japanese', async () => {
    rig.double.setUser({ id: 'U0AGENT01', locale: 'ja-JP' });
    rig.double.shareExternally(PARTNER_CHANNEL);
    const responseUrl = await shareIn(rig, '09012345678', PARTNER_CHANNEL);
    const reply = await rig.double.waitForResponse(responseUrl);
    expect(visibleText(reply.body.blocks)).toContain('他の組織と共有されている');
  });
});

describe('SHARE_EXTERNAL_CHANNELS=true', () => {
  const rig = useSlackRig({ env: { SHARE_EXTERNAL_CHANNELS: 'true' } });

  test('Share in channel posts the card there, and Slack is not asked', async () => {
    rig.double.shareExternally(PARTNER_CHANNEL);
    await shareIn(rig, '09012345678', PARTNER_CHANNEL);
    await rig.double.waitForCall('chat.postMessage', (call) => call.body.channel === PARTNER_CHANNEL);
    expect(rig.double.callsTo('conversations.info')).toEqual([]);
  });

  test('a change asked from it gets its approval message there', async () => {
    rig.double.shareExternally(PARTNER_CHANNEL);
    freshLine(rig, '07088880002');
    const { answer } = await requestCancellation(rig, '07088880002', { channelId: PARTNER_CHANNEL });
    expect(answer).not.toContain('Slack Connect');
    await rig.double.waitForCall(
      'chat.postMessage',
      (call) => call.body.channel === PARTNER_CHANNEL && JSON.stringify(call.body.blocks).includes('070-8888-0002'),
    );
  });
});

describe('APPROVAL_CHANNEL_ID shared with another organisation', () => {
  const rig = useSlackRig({ env: APPROVAL_ENV });

  test('a channel shared after start-up: every request is refused at submission with the sentence', async () => {
    rig.double.shareExternally(APPROVAL_CHANNEL);
    // The start-up answer (internal) is cached a minute: past it, Slack is asked again.
    rig.clock.advance(61_000);
    freshLine(rig, '07088880003');
    const { answer } = await requestCancellation(rig, '07088880003');
    expect(answer).toContain('shared with another organisation (Slack Connect)');
    expect(approvalMessages(rig.double)).toEqual([]);
  });

  test('stops start-up, naming the fix (exit code 2); SHARE_EXTERNAL_CHANNELS=true starts', async () => {
    const double = await startSlackDouble();
    try {
      double.shareExternally(APPROVAL_CHANNEL);
      const env = {
        SLACK_BOT_TOKEN: DOUBLE_BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: double.apiUrl,
        PORT: '0',
        STORE_URL: `sqlite://${rig.storeFile.replace(/store\.sqlite$/, 'other.sqlite')}`,
        ...APPROVAL_ENV,
      };
      const refused = loadConfig(env);
      if (!refused.ok) throw new Error(refused.problems.join('; '));
      const failure = await startBot(refused.config, { host: '127.0.0.1', logger: silentLogger }).then(
        async (bot) => {
          await bot.stop();
          return undefined;
        },
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(StartupError);
      expect((failure as StartupError).exitCode).toBe(2);
      expect((failure as StartupError).message).toContain(`APPROVAL_CHANNEL_ID ${APPROVAL_CHANNEL} is shared with another organisation`);
      expect((failure as StartupError).message).toContain('SHARE_EXTERNAL_CHANNELS=true');

      const allowed = loadConfig({ ...env, SHARE_EXTERNAL_CHANNELS: 'true' });
      if (!allowed.ok) throw new Error(allowed.problems.join('; '));
      const bot = await startBot(allowed.config, { host: '127.0.0.1', logger: silentLogger });
      await bot.stop();
    } finally {
      await double.close();
    }
  });
});
