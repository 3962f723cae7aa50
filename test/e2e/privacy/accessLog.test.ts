/**
 * The access log's rules, end to end on each store: the real bot over signed HTTP, the Slack
 * double as Slack, the embedded sandbox as Freebit. A form's checks are recorded line by line
 * under the requester; a stranger's refusal is recorded as refused; a look the store cannot
 * record shows nothing; the per-person ceiling refuses the look that crosses it.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { APPROVER, freshLine } from '../../../tools/slackDouble/approvals.js';
import { submitCancellation, summaryIn } from '../../../tools/slackDouble/bulk.js';
import { faultyStore } from '../../support/faultyStore.js';
import { PATHS } from '../../support/freebit.js';
import { total } from '../../support/metrics.js';
import { useSlackRig } from '../../support/slackBot.js';
import { visibleText, type SlackRig } from '../../../tools/slackDouble/rig.js';
import { AGENT, SUPPORT_CHANNEL } from '../../../tools/slackDouble/requests.js';
import { HAS_REDIS, REDIS_URL, deleteRedisKeys, randomPrefix } from '../../store/support.js';

const LOOKER = 'U0LOOKER24';
const COUNTER = 'U0CEILING1';
const OUTSIDER = 'U0OUTSIDE2';
const CEILING = 5;

/** Freebit's PA03-02 calls so far. */
const lookups = (rig: SlackRig) => rig.sandbox.received.filter((entry) => entry.path === PATHS.lookup).length;
/** Everything the bot sent to Slack after `from` (Web API calls and response_url posts), as one text. */
const sentSince = (rig: SlackRig, from: number) => JSON.stringify(rig.double.calls.slice(from).map((call) => call.body));

for (const backend of ['sqlite', 'redis'] as const) {
  describe.skipIf(backend === 'redis' && !HAS_REDIS)(`the access log and its rules, on ${backend}`, () => {
    const prefix = randomPrefix();
    const faults = faultyStore();
    const rig = useSlackRig({
      env: {
        APPROVER_USER_IDS: APPROVER,
        LOOKUP_USER_IDS: [AGENT.id, LOOKER, COUNTER].join(','),
        LOOKUP_MAX_PER_HOUR: String(CEILING),
        ...(backend === 'redis' ? { STORE_URL: REDIS_URL } : {}),
      },
      overrides: { wrapStore: faults.wrap, accessLogWriteTimeoutMs: 1_000, ...(backend === 'redis' ? { storePrefix: prefix } : {}) },
    });
    afterAll(async () => {
      if (backend === 'redis') await deleteRedisKeys(prefix);
    });

    /** `/freebit access-log <of>` as the approver: what they read. */
    const accessLogOf = async (of: string) => {
      const { responseUrl } = await rig.command(`access-log ${of}`, { user_id: APPROVER });
      return visibleText((await rig.double.waitForResponse(responseUrl)).body.blocks);
    };
    /** `/freebit <number>` as `userId`: what they were answered. */
    const lookUp = async (shown: string, userId: string) => {
      const { responseUrl } = await rig.command(shown, { user_id: userId });
      return visibleText((await rig.double.waitForResponse(responseUrl)).body.blocks);
    };

    test('a 3-number form’s checks each appear in /freebit access-log <number>, under the requester, as the check of a form', async () => {
      const phones = ['080-2424-0001', '080-2424-0002', '080-2424-0003'];
      for (const phone of phones) freshLine(rig, phone.replaceAll('-', ''));
      const { viewId } = await submitCancellation(rig, phones.join('\n'), { reason: 'audit trail' });
      expect(visibleText((await summaryIn(rig, viewId, { timeoutMs: 20_000 })).blocks)).toContain('3 can be requested');
      for (const phone of phones) expect(await accessLogOf(phone)).toContain(`<@${AGENT.id}> · ${phone} · the check of a form`);
    });

    test('a refused stranger appears in the access log as refused, and is counted', async () => {
      const phone = '080-2424-0101';
      freshLine(rig, phone.replaceAll('-', ''));
      expect(await lookUp(phone, OUTSIDER)).toContain('not allowed to see customers’ lines');
      expect(await accessLogOf(phone)).toContain(
        `<@${OUTSIDER}> · ${phone} · /freebit in <#${SUPPORT_CHANNEL.id}> · refused (not allowed to look)`,
      );
      const metrics = await (await fetch(`${rig.bot.url}/metrics`)).text();
      expect(
        total(metrics, 'freebit_ops_lookups_refused_total', { reason: 'lookup_not_allowed', surface: 'command' }),
      ).toBeGreaterThanOrEqual(1);
    });

    test('with the store failing, a lookup is refused and Slack receives no ICCID, IMSI or line state', async () => {
      const phone = '080-2424-0201';
      freshLine(rig, phone.replaceAll('-', ''));
      const line = rig.sandbox.line(phone.replaceAll('-', ''))!;
      // A look first, so the bot knows this person is far from the ceiling and reads Freebit beside
      // the write: the reading is there, and must still not be shown.
      freshLine(rig, '08024240202');
      expect(await lookUp('080-2424-0202', LOOKER)).toContain(':large_green_circle:');
      const from = rig.double.calls.length;
      // Every write of the access log fails, as with the store down.
      faults.failNth(1, 'before', (label) => label.startsWith('access.'), 1_000);
      try {
        const said = await lookUp(phone, LOOKER);
        expect(said).toContain('cannot be recorded in the access log right now');
        // The one-line request's check is refused the same way, before any Freebit call.
        const asked = await rig.command(`history ${phone}`, { user_id: LOOKER });
        expect(visibleText((await rig.double.waitForResponse(asked.responseUrl)).body.blocks)).toContain('cannot be recorded');
      } finally {
        faults.disarm();
      }
      const sent = sentSince(rig, from);
      expect(sent).not.toContain(line.iccid);
      expect(sent).not.toContain(line.iccid.slice(-4));
      expect(sent).not.toContain(line.imsi);
      expect(sent).not.toMatch(/large_green_circle|Active|4G/);
    });

    test('the per-person ceiling refuses the lookup that crosses it, and says so in the access log', async () => {
      const phones = Array.from({ length: CEILING + 1 }, (_, index) => `080-2424-03${String(index).padStart(2, '0')}`);
      for (const phone of phones) freshLine(rig, phone.replaceAll('-', ''));
      for (const phone of phones.slice(0, CEILING)) expect(await lookUp(phone, COUNTER)).toContain(':large_green_circle:');
      // A line already seen this hour is still shown.
      expect(await lookUp(phones[0]!, COUNTER)).toContain(':large_green_circle:');
      const calledBefore = lookups(rig);
      const crossing = phones[CEILING]!;
      expect(await lookUp(crossing, COUNTER)).toContain('LOOKUP_MAX_PER_HOUR');
      expect(lookups(rig)).toBe(calledBefore);
      expect(await accessLogOf(crossing)).toContain(
        `<@${COUNTER}> · ${crossing} · /freebit in <#${SUPPORT_CHANNEL.id}> · refused (LOOKUP_MAX_PER_HOUR reached)`,
      );
      const metrics = await (await fetch(`${rig.bot.url}/metrics`)).text();
      expect(total(metrics, 'freebit_ops_lookups_refused_total', { reason: 'lookup_ceiling' })).toBe(1);
    });
  });
}
