import type { CatalogSource, LineCardCatalog } from '../catalog.js';
import { md } from '../mrkdwn.js';

export const lineCard: CatalogSource<LineCardCatalog> = {
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
  },
  notSharedExternally:
    'This channel is shared with another organisation (Slack Connect), so the card was not posted here: people outside the company would see the customer’s line. Share it in an internal channel.',
  shareUnchecked:
    'The bot could not check with Slack whether this channel is shared with another organisation, so the card was not posted. Try again in a minute.',
};
