import { startOfFreebitDay, todayInJapan } from '../dates.js';
import { PROCESSING_MS } from './lines.js';
import type { SandboxLine, VoiceOption } from './types.js';

const MASTER = 'sandbox-master@example.jp';

const VOICE_ON: VoiceOption = {
  state: 'active',
  voiceMail: 10,
  callWaiting: 10,
  callTransfer: 20,
  callTransferToWorld: 20,
  worldCall: 10,
  worldCallCreditLimit: 10000,
  worldWing: 20,
};

const BASE = {
  planCode: 'LTE3G_P01',
  contractLine: '4G',
  size: 'nano',
  ipv4: '',
  ipv6: '',
  masterAccount: MASTER,
} as const;

/**
 * The seeded lines, one per state a support agent meets (README.md lists them). ICCIDs are
 * 19-digit odd numbers, which a double can never hold exactly.
 */
export function seedLines(now: number, timeScale: number): SandboxLine[] {
  // The pending plan change is dated three JST days after start-up, so it stays pending while a demo runs.
  // Japan has no daylight saving time, so three days are always 72 hours.
  const planDay = todayInJapan(now + 3 * 86_400_000);
  const planStart = startOfFreebitDay(planDay);
  return [
    {
      ...BASE,
      account: '09012345678',
      state: 'active',
      iccid: '8981100005012345671',
      imsi: '440103123456789',
      sms: 10,
      talk: 10,
      quota: 3161.31,
      startDate: '20240401',
      voice: { ...VOICE_ON },
    },
    {
      ...BASE,
      account: '08038433843',
      state: 'active',
      iccid: '8981199993109195123',
      imsi: '990103120337753',
      sms: 10,
      talk: 10,
      quota: 1024,
      startDate: '20130901',
      voice: { ...VOICE_ON },
      pending: {
        func: 'plnset',
        date: planDay,
        requestedAt: now,
        dueAt: planStart,
        completesAt: planStart + PROCESSING_MS.plnset / timeScale,
        outcome: { planCode: 'LTE3G_P02' },
      },
    },
    {
      ...BASE,
      account: '07011112222',
      state: 'suspended',
      iccid: '8981100005022223331',
      imsi: '440103111122223',
      sms: 10,
      talk: 20,
      quota: 0,
      startDate: '20230115',
    },
    {
      ...BASE,
      account: '08099998888',
      state: 'obsolete',
      iccid: '8981100005099998881',
      imsi: '440103999988889',
      sms: 20,
      talk: 20,
      quota: 0,
      startDate: '20220701',
    },
    {
      ...BASE,
      account: '09087654321',
      state: 'active',
      planCode: 'LTE5G_P01',
      contractLine: '5G',
      iccid: '8981100005087654329',
      imsi: '440103876543219',
      sms: 20,
      talk: 20,
      quota: 20480,
      startDate: '20250601',
    },
  ];
}
