import type { Operation } from '../../../workflow/index.js';
import type { OperationCatalogSource } from '../catalog.js';
import { md, type Mrkdwn } from '../mrkdwn.js';

/**
 * One entry per operation of the workflow. English is the reference: the values each sentence
 * takes are typed here, and the catalog's `OperationCatalog` (what every language fills) is read
 * from these entries.
 */
export const operations = {
  cancel: {
    name: 'Cancel a line',
    help: '• `/freebit cancel 090-1234-5678 … [2026-11-30]`: request a cancellation of one line or several (a second person approves)',
    usage: '`cancel <phone…> [date]`',
    title: 'Cancel a line',
    cardButton: 'Request cancellation…',
    intro: 'Cancelling a line cannot be undone. Another person approves this request before the bot asks Freebit.',
    summary: (phone: Mrkdwn, runDate?: Mrkdwn) => (runDate ? md`cancel ${phone} on ${runDate}` : md`cancel ${phone} as soon as possible`),
    next: (runDate?: Mrkdwn) =>
      runDate
        ? md`Freebit completes cancellations within 10 minutes of the run date (${runDate}, Japan time); the line works until then.`
        : md`Freebit completes cancellations within 10 minutes.`,
  },
  contract: {
    name: 'Change 4G/5G',
    help: '• `/freebit contract 090-1234-5678 … 5G`: request a 4G/5G contract line change for one line or several',
    usage: '`contract <phone…> 4G|5G`',
    title: 'Change 4G/5G',
    cardButton: 'Request 4G/5G change…',
    intro: 'A 4G/5G change takes about 30 minutes, locks the line meanwhile and cannot be cancelled. Another person approves it first.',
    summary: (phone: Mrkdwn, contractLine: Mrkdwn) => md`change ${phone} to ${contractLine}`,
    next: (contractLine: Mrkdwn) =>
      md`The line changes to ${contractLine} in about 30 minutes; it is locked meanwhile, and the change cannot be cancelled.`,
  },
  register: {
    name: 'Register a new line',
    help: '• `/freebit register [090-1234-5678 …]`: request one new line or several',
    usage: '`register [<phone…>]`',
    title: 'Register a line',
    intro: 'Registering a line starts billing. Another person approves this request before the bot asks Freebit.',
    summary: (phone: Mrkdwn, planCode: Mrkdwn, startDate?: Mrkdwn) =>
      startDate ? md`register ${phone} on plan ${planCode} from ${startDate}` : md`register ${phone} on plan ${planCode}`,
    next: (startDate?: Mrkdwn) =>
      startDate
        ? md`Freebit activates the line within 10 minutes of its start date (${startDate}).`
        : md`Freebit activates the line within 10 minutes.`,
  },
} satisfies Record<Operation, OperationCatalogSource>;
