import type { Catalog, CatalogSource } from '../catalog.js';
import { md } from '../mrkdwn.js';

type LineCardWords = Pick<
  Catalog,
  'lineStates' | 'changes' | 'pendingScheduled' | 'pendingAtFreebit' | 'noPendingChange' | 'labels' | 'onOff' | 'voiceAndSms' | 'notSet' | 'hiddenWhenShared' | 'readAt' | 'sharedBy' | 'cardText' | 'buttons'
>;

export const lineCard: CatalogSource<LineCardWords> = {
  lineStates: {
    waiting: 'Waiting for setup',
    temporary: 'Temporary registration',
    active: 'Active',
    suspended: 'Suspended',
    obsolete: 'Cancelled',
  },
  changes: {
    regist: 'Registration',
    stop: 'Suspension',
    resume: 'Resumption',
    cancel: 'Cancellation',
    revival: 'Revival',
    plnset: 'Plan change',
    plnunset: 'Plan removal',
    change: 'Change',
    chgctract: '4G/5G contract line change',
  },
  pendingScheduled: (change, date) => md`${change} scheduled for ${date}`,
  pendingAtFreebit: (change) => md`${change} pending at Freebit`,
  noPendingChange: 'None',
  labels: {
    state: 'State',
    plan: 'Plan',
    contractLine: 'Contract line',
    simSize: 'SIM size',
    iccid: 'ICCID',
    imsi: 'IMSI',
    voiceAndSms: 'Voice / SMS',
    ipv4: 'IPv4',
    ipv6: 'IPv6',
    quota: 'Quota (as given by Freebit)',
    startDate: 'Start date',
    masterAccount: 'Master account',
    pendingChange: 'Pending change',
  },
  onOff: { on: 'on', off: 'off' },
  voiceAndSms: (voice, sms) => md`Voice ${voice} · SMS ${sms}`,
  notSet: '–',
  hiddenWhenShared: 'hidden in a shared card',
  readAt: (time) => md`Read from Freebit at ${time}`,
  sharedBy: (user) => md`Shared by ${user}`,
  cardText: (phone, state) => md`Line ${phone}: ${state}`,
  buttons: {
    share: 'Share in channel',
    refresh: 'Refresh',
    requestCancellation: 'Request cancellation…',
    requestContractChange: 'Request 4G/5G change…',
  },
};
