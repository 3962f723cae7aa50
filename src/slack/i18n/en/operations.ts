import type { CatalogSource, OperationWords } from '../catalog.js';
import { md } from '../mrkdwn.js';

export const operations: CatalogSource<OperationWords> = {
  cancel: {
    name: 'Cancel a line',
    title: 'Cancel a line',
    cardButton: 'Request cancellation…',
    intro: 'Cancelling a line cannot be undone. Another person approves this request before the bot asks Freebit.',
    summary: (phone, runDate) => (runDate ? md`cancel ${phone} on ${runDate}` : md`cancel ${phone} as soon as possible`),
    next: (runDate) =>
      runDate
        ? md`Freebit completes cancellations within 10 minutes of the run date (${runDate}, Japan time); the line works until then.`
        : md`Freebit completes cancellations within 10 minutes.`,
  },
  contract: {
    name: 'Change 4G/5G',
    title: 'Change 4G/5G',
    cardButton: 'Request 4G/5G change…',
    intro: 'A 4G/5G change takes about 30 minutes, locks the line meanwhile and cannot be cancelled. Another person approves it first.',
    summary: (phone, contractLine) => md`change ${phone} to ${contractLine}`,
    next: (contractLine) => md`The line changes to ${contractLine} in about 30 minutes; it is locked meanwhile, and the change cannot be cancelled.`,
  },
  register: {
    name: 'Register a new line',
    title: 'Register a line',
    intro: 'Registering a line starts billing. Another person approves this request before the bot asks Freebit.',
    summary: (phone, planCode, startDate) => (startDate ? md`register ${phone} on plan ${planCode} from ${startDate}` : md`register ${phone} on plan ${planCode}`),
    next: (startDate) => (startDate ? md`Freebit activates the line within 10 minutes of its start date (${startDate}).` : md`Freebit activates the line within 10 minutes.`),
  },
};
