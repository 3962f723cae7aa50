import type { BulkFormCatalog } from '../bulkFormCatalog.js';
import type { CatalogSource } from '../catalog.js';
import { md } from '../mrkdwn.js';

export const bulkForms: CatalogSource<BulkFormCatalog> = {
  numbersLabel: 'Phone numbers',
  numbersHint: (max) => `One number, or up to ${max}: one per line, or separated by commas.`,
  fieldErrors: {
    malformed: (position, input, why) => `Number ${position}, “${input}”: ${why}.`,
    moreMalformed: (count) => `And ${count} more.`,
    tooMany: (count, max) => `That is ${count} numbers; one request can carry at most ${max}. Split them into several requests.`,
    lookUpOne: 'Look up one number at a time. To request a change for several, pick the change.',
  },
  lines: { one: (count) => md`${count} line`, other: (count) => md`${count} lines` },
  checking: (count) => md`Checking ${count} lines with Freebit…`,
  checkingNote: 'Nothing is requested until you have seen which lines can be.',

  asked: (summary) => md`You asked to ${summary}.`,
  counts: (requestable, refused) => md`*${requestable} can be requested, ${refused} cannot.*`,
  allRequestable: (count) => md`*All ${count} can be requested.*`,
  noneRequestable: (count) => md`*None of the ${count} can be requested*, so there is nothing to request. Go back to change the numbers.`,
  refusedHeader: '*Cannot be requested:*',
  requestableHeader: '*Can be requested:*',
  refusedLine: (phone, why) => md`• ${phone}: ${why}`,
  numberSeparator: ', ',
  more: (count) => md`…and ${count} more`,
  nothingYet:
    'Nothing has been requested yet. Sending this makes one request for the lines that can be requested; Back returns to the form.',
  request: { one: (count) => md`Request ${count} line`, other: (count) => md`Request ${count} lines` },
  back: 'Back',

  refusals: {
    line_not_found: 'Freebit has no such line',
    line_exists: 'already a line at Freebit',
    line_cancelled: 'already cancelled',
    already_on_contract_line: 'already on that contract line',
    change_in_progress: 'a change is in progress at Freebit',
  },
  heldBy: (request) => (request ? md`already in open request ${request}` : md`already in an open request`),
  notLookedUp: (why) => md`could not be looked up (${why})`,
  lookupRefused: 'Freebit refused the look-up',

  requestedLeavingOut: (requested, phones) => md`${requested} Left out, because another request took them meanwhile: ${phones}.`,

  requestForNumbers: (count) => `Request a change for these ${count} lines…`,
};
