import { beforeAll, describe, expect, test } from 'vitest';
import { ACTIONS, FIELDS, SHORTCUTS, VIEWS } from '../../../src/slack/kit/ids.js';
import { APPROVAL_CHANNEL, APPROVER, approvalMessageFor, requestCancellation } from '../../../tools/slackDouble/approvals.js';
import { PATHS, SEEDED } from '../../support/freebit.js';
import { useSlackRig } from '../../support/slackBot.js';
import { visibleText, type SlackRig } from '../../../tools/slackDouble/rig.js';
import type { SlackCall } from '../../../tools/slackDouble/double.js';
import {
  AGENT,
  SUPPORT_CHANNEL,
  appHomeOpened,
  blockActions,
  messageShortcut,
  state,
  viewSubmission,
} from '../../../tools/slackDouble/requests.js';
import { eventually } from '../../support/waiting.js';

const LOOKER = 'U0LOOKER01';
const OUTSIDER = 'U0OUTSIDE1';
const GUEST = 'U0GUEST001';
const LOOKUP_GROUP = 'S0LOOKERS1';
const REQUESTER_GROUP = 'S0ASKERS01';
const PHONE = SEEDED.active4g;
const PHONE_SHOWN = '090-1234-5678';

/** What Freebit was asked about lines (PA03-02) so far. */
const lookups = (rig: SlackRig) => rig.sandbox.received.filter((entry) => entry.path === PATHS.lookup).length;

/** Everything the bot sent to Slack after `from` (calls and response_url posts), as text, for a search for subscriber data. */
const sentSince = (rig: SlackRig, from: number) => JSON.stringify(rig.double.calls.slice(from).map((call) => call.body));

/** The private sentence a refused person gets: where they asked, never a card. */
const refusedWith = (text: string, words: RegExp) => expect(text).toMatch(words);

describe('who may see a customer’s line', () => {
  const rig = useSlackRig({
    env: { LOOKUP_USER_IDS: LOOKER, LOOKUP_USERGROUP_ID: LOOKUP_GROUP, APPROVER_USER_IDS: APPROVER, APPROVAL_CHANNEL_ID: APPROVAL_CHANNEL },
  });
  // Before any lookup: the bot keeps a group's members for a minute.
  beforeAll(() => rig.double.setUsergroup(LOOKUP_GROUP, ['U0GROUPIE1', 'U0CSVLOOK1']));

  /** Each surface that shows a line, as `userId` uses it; resolves with the sentence the person got. */
  const surfaces: Record<string, (userId: string) => Promise<string>> = {
    '/freebit <number>': async (userId) => {
      const { responseUrl } = await rig.command(PHONE_SHOWN, { user_id: userId });
      return visibleText((await rig.double.waitForResponse(responseUrl)).body.blocks);
    },
    '/freebit history <number>': async (userId) => {
      const { responseUrl } = await rig.command(`history ${PHONE_SHOWN}`, { user_id: userId });
      return visibleText((await rig.double.waitForResponse(responseUrl)).body.blocks);
    },
    'Refresh on a card': async (userId) => {
      const responseUrl = rig.double.responseUrl();
      await rig.send(blockActions({ actionId: ACTIONS.refreshCard, value: PHONE, userId, responseUrl }));
      return visibleText((await rig.double.waitForResponse(responseUrl)).body.blocks);
    },
    'Share in channel': async (userId) => {
      const responseUrl = rig.double.responseUrl();
      await rig.send(blockActions({ actionId: ACTIONS.shareCard, value: PHONE, userId, responseUrl }));
      return visibleText((await rig.double.waitForResponse(responseUrl)).body.blocks);
    },
    'the global shortcut’s form': async (userId) => {
      const viewId = `V0${userId.slice(2, 8)}L`;
      await rig.send(
        viewSubmission({
          callbackId: VIEWS.lineLookup,
          privateMetadata: '{"l":"en"}',
          viewId,
          userId,
          values: { [FIELDS.phone.block]: { [FIELDS.phone.action]: state.text(PHONE_SHOWN) } },
        }),
      );
      const update = await rig.double.waitForCall(
        'views.update',
        (call) => call.body.view_id === viewId && !visibleText((call.body.view as { blocks: unknown }).blocks).includes('Looking up'),
      );
      return visibleText((update.body.view as { blocks: unknown }).blocks);
    },
    'the message shortcut': async (userId) => {
      const responseUrl = rig.double.responseUrl();
      await rig.send(
        messageShortcut({ callbackId: SHORTCUTS.lookUpNumbersInMessage, text: `please check ${PHONE_SHOWN}`, responseUrl, userId }),
      );
      return visibleText((await rig.double.waitForResponse(responseUrl)).body.blocks);
    },
    'the operation picker’s lookup': async (userId) => {
      const viewId = `V0${userId.slice(2, 8)}P`;
      await rig.send(
        viewSubmission({
          callbackId: VIEWS.operationPicker,
          privateMetadata: JSON.stringify({ l: 'en', c: SUPPORT_CHANNEL.id }),
          viewId,
          userId,
          values: {
            [FIELDS.operation.block]: { [FIELDS.operation.action]: state.radio('lookup') },
            [FIELDS.phone.block]: { [FIELDS.phone.action]: state.text(PHONE_SHOWN) },
          },
        }),
      );
      const update = await rig.double.waitForCall(
        'views.update',
        (call) => call.body.view_id === viewId && !visibleText((call.body.view as { blocks: unknown }).blocks).includes('Looking up'),
      );
      return visibleText((update.body.view as { blocks: unknown }).blocks);
    },
    'App Home': async (userId) => {
      await rig.send(appHomeOpened(userId));
      const published = await rig.double.waitForCall('views.publish', (call) => call.body.user_id === userId);
      return visibleText((published.body.view as { blocks: unknown }).blocks);
    },
  };

  for (const [surface, use] of Object.entries(surfaces)) {
    test(`someone not allowed is refused on ${surface}, privately, with no Freebit call and no line data`, async () => {
      const imsi = rig.sandbox.line(PHONE)!.imsi;
      const [before, from] = [lookups(rig), rig.double.calls.length];
      const said = await use(OUTSIDER);
      refusedWith(said, /not allowed to see customers’ lines.*<!subteam\^S0LOOKERS1>/s);
      expect(lookups(rig)).toBe(before);
      expect(sentSince(rig, from)).not.toContain(imsi);
      expect(sentSince(rig, from)).not.toContain(rig.sandbox.line(PHONE)!.iccid);
    });
  }

  test('someone not allowed hears it once from the message shortcut, however many numbers the message holds', async () => {
    const responseUrl = rig.double.responseUrl();
    await rig.send(
      messageShortcut({
        callbackId: SHORTCUTS.lookUpNumbersInMessage,
        text: `${PHONE_SHOWN} and 070-1111-2222`,
        responseUrl,
        userId: OUTSIDER,
      }),
    );
    await rig.double.waitForResponse(responseUrl);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(rig.double.responsesTo(responseUrl)).toHaveLength(1);
  });

  test('a member of LOOKUP_USERGROUP_ID, an approver and a listed person may look', async () => {
    for (const userId of ['U0GROUPIE1', APPROVER, LOOKER])
      expect(await surfaces['/freebit <number>']!(userId)).toContain(':large_green_circle:');
  });

  test('a member’s lookups are in /freebit access-log for the number and for the person, newest first', async () => {
    await surfaces['/freebit <number>']!(LOOKER);
    await surfaces['the message shortcut']!(LOOKER);
    const { responseUrl } = await rig.command(`access-log ${PHONE_SHOWN}`, { user_id: APPROVER });
    const byNumber = visibleText((await rig.double.waitForResponse(responseUrl)).body.blocks);
    expect(byNumber).toMatch(
      new RegExp(
        `<@${LOOKER}> · ${PHONE_SHOWN} · Look up numbers in this message in <#${SUPPORT_CHANNEL.id}>[\\s\\S]*<@${LOOKER}> · ${PHONE_SHOWN} · /freebit`,
      ),
    );

    const asked = await rig.command(`access-log <@${LOOKER}|looker>`, { user_id: APPROVER });
    const byPerson = visibleText((await rig.double.waitForResponse(asked.responseUrl)).body.blocks);
    expect(byPerson).toContain(`<@${LOOKER}> · ${PHONE_SHOWN}`);
    expect(byPerson).not.toContain(`<@${APPROVER}>`);
  });

  test('the CSV export arrives in the approver’s DM, one row per lookup, with ISO times in JST', async () => {
    const person = 'U0CSVLOOK1';
    await surfaces['/freebit <number>']!(person);
    await surfaces['/freebit <number>']!(person);
    const { responseUrl } = await rig.command(`access-log ${person} csv`, { user_id: APPROVER });
    const answer = visibleText((await rig.double.waitForResponse(responseUrl)).body.blocks);
    expect(answer).toContain('in your DM with the bot');
    const file = rig.double.uploadedFiles().find((each) => each.filename === `access-log-${person}.csv`)!;
    expect(file.channelId).toBe(`D${APPROVER.slice(1)}`);
    const rows = file.content.trim().split('\r\n');
    expect(rows[0]).toBe('time_jst,user_id,phone,surface,channel_id,outcome,refusal');
    expect(rows.slice(1)).toHaveLength(2);
    for (const row of rows.slice(1))
      expect(row).toMatch(new RegExp(`^2026-11-22T12:00:00\\+09:00,${person},${PHONE_SHOWN},command,${SUPPORT_CHANNEL.id},shown,$`));
  });

  test('only approvers may read the access log', async () => {
    const { responseUrl } = await rig.command(`access-log ${PHONE_SHOWN}`, { user_id: LOOKER });
    expect(visibleText((await rig.double.waitForResponse(responseUrl)).body.blocks)).toContain('Only approvers can read the access log');
  });

  test('a card shared in a channel shows no IMSI and a masked ICCID; the private card shows both', async () => {
    const line = rig.sandbox.line(PHONE)!;
    const mine = await surfaces['/freebit <number>']!(LOOKER);
    expect(mine).toContain(line.imsi);
    expect(mine).toContain(line.iccid);
    await rig.send(blockActions({ actionId: ACTIONS.shareCard, value: PHONE, userId: LOOKER, responseUrl: rig.double.responseUrl() }));
    const shared = await rig.double.waitForCall(
      'chat.postMessage',
      (call: SlackCall) => call.body.channel === SUPPORT_CHANNEL.id && visibleText(call.body.blocks).includes(PHONE_SHOWN),
    );
    const text = visibleText(shared.body.blocks);
    expect(text).not.toContain(line.imsi);
    expect(text).not.toContain(line.iccid);
    expect(text).toContain(line.iccid.slice(-4));
  });

  test('with LOOKUP_* set and no REQUESTER_USERGROUP_ID, someone who may not look may not ask for a change either', async () => {
    const { responseUrl } = await rig.command(`cancel ${PHONE_SHOWN}`, { user_id: OUTSIDER });
    expect(visibleText((await rig.double.waitForResponse(responseUrl)).body.blocks)).toContain('not allowed to see customers’ lines');
    expect(rig.double.callsTo('views.open').filter((call) => JSON.stringify(call.body).includes(OUTSIDER))).toEqual([]);
  });

  test('the approval message shows no IMSI', async () => {
    await requestCancellation(rig, '07011112222', { userId: LOOKER });
    const message = await approvalMessageFor(rig.double, { phone: '070-1111-2222' });
    expect(visibleText(message.call.body.blocks)).not.toContain(rig.sandbox.line('07011112222')!.imsi);
  });
});

describe('with REQUESTER_USERGROUP_ID set too', () => {
  const rig = useSlackRig({
    env: {
      LOOKUP_USER_IDS: LOOKER,
      REQUESTER_USERGROUP_ID: REQUESTER_GROUP,
      APPROVER_USER_IDS: APPROVER,
      APPROVAL_CHANNEL_ID: APPROVAL_CHANNEL,
    },
  });
  beforeAll(() => rig.double.setUsergroup(REQUESTER_GROUP, ['U0ASKER001']));

  test('a member of the requester group may look, and an outsider may not', async () => {
    const asker = await rig.command(PHONE_SHOWN, { user_id: 'U0ASKER001' });
    expect(visibleText((await rig.double.waitForResponse(asker.responseUrl)).body.blocks)).toContain(':large_green_circle:');
    const before = lookups(rig);
    const outsider = await rig.command(PHONE_SHOWN, { user_id: OUTSIDER });
    expect(visibleText((await rig.double.waitForResponse(outsider.responseUrl)).body.blocks)).toContain(
      'not allowed to see customers’ lines',
    );
    expect(lookups(rig)).toBe(before);
  });
});

describe('guests', () => {
  const rig = useSlackRig({ env: { APPROVER_USER_IDS: APPROVER, APPROVAL_CHANNEL_ID: APPROVAL_CHANNEL } });

  test('a guest’s lookup is refused with no Freebit call', async () => {
    rig.double.setUser({ id: GUEST, guest: 'multi' });
    const before = lookups(rig);
    const { responseUrl } = await rig.command(PHONE_SHOWN, { user_id: GUEST });
    expect(visibleText((await rig.double.waitForResponse(responseUrl)).body.blocks)).toContain(
      'Guests of this workspace may not see or change customers’ lines',
    );
    expect(lookups(rig)).toBe(before);
  });

  test('a guest’s change request is refused before any form opens, and a forged form is refused on the server', async () => {
    const guest = 'U0GUEST002';
    rig.double.setUser({ id: guest, guest: 'single' });
    const { responseUrl, triggerId } = await rig.command(`cancel ${PHONE_SHOWN}`, { user_id: guest });
    expect(visibleText((await rig.double.waitForResponse(responseUrl)).body.blocks)).toContain('Guests of this workspace');
    expect(rig.double.callsTo('views.open').filter((call) => call.body.trigger_id === triggerId)).toEqual([]);

    const forged = rig.double.responseUrl();
    await rig.send(
      viewSubmission({
        callbackId: VIEWS.cancellation,
        privateMetadata: JSON.stringify({ l: 'en', r: forged, c: SUPPORT_CHANNEL.id }),
        userId: guest,
        values: {
          [FIELDS.phone.block]: { [FIELDS.phone.action]: state.text(PHONE_SHOWN) },
          [FIELDS.runDate.block]: { [FIELDS.runDate.action]: state.date(null) },
          [FIELDS.reason.block]: { [FIELDS.reason.action]: state.text('forged') },
        },
      }),
    );
    expect(visibleText((await rig.double.waitForResponse(forged)).body.blocks)).toContain('Guests of this workspace');
    expect(rig.double.callsTo('chat.postMessage').filter((call) => call.body.channel === APPROVAL_CHANNEL)).toEqual([]);
  });

  test('anyone else may look when LOOKUP_* is unset', async () => {
    const { responseUrl } = await rig.command(PHONE_SHOWN, { user_id: AGENT.id });
    expect(visibleText((await rig.double.waitForResponse(responseUrl)).body.blocks)).toContain(':large_green_circle:');
  });
});

describe('guests with ALLOW_GUESTS=true', () => {
  const rig = useSlackRig({ env: { ALLOW_GUESTS: 'true' } });

  test('may look', async () => {
    rig.double.setUser({ id: GUEST, guest: 'multi' });
    const { responseUrl } = await rig.command(PHONE_SHOWN, { user_id: GUEST });
    expect(visibleText((await rig.double.waitForResponse(responseUrl)).body.blocks)).toContain(':large_green_circle:');
  });
});

describe('the access log across a stop', () => {
  const rig = useSlackRig({ env: { APPROVER_USER_IDS: APPROVER } });

  test('a lookup right before a graceful stop is in the log after the restart', async () => {
    const person = 'U0LATELOOK';
    const { responseUrl } = await rig.command(PHONE_SHOWN, { user_id: person });
    await rig.double.waitForResponse(responseUrl);
    await rig.restart();
    const asked = await rig.command(`access-log ${person}`, { user_id: APPROVER });
    await eventually(() => rig.double.responsesTo(asked.responseUrl).length > 0, 'the access log answer');
    expect(visibleText(rig.double.responsesTo(asked.responseUrl)[0]!.body.blocks)).toContain(`<@${person}> · ${PHONE_SHOWN} · /freebit`);
  });
});
