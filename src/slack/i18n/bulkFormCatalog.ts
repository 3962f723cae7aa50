import type { Plural } from './catalog.js';
import type { Mrkdwn } from './mrkdwn.js';

/** Why one line of several cannot be requested, said short: it follows the number in a list. */
export type LineRefusal = 'line_not_found' | 'line_exists' | 'line_cancelled' | 'already_on_contract_line' | 'change_in_progress';

/**
 * Asking for a change of many lines in one request: the request forms' number field
 * that takes several, the summary of their pre-flight that replaces the form, and the message
 * shortcut's button. A language folder's bulkForms.ts.
 */
export interface BulkFormCatalog {
  /** The number field of a request form (one number, or several). */
  numbersLabel: string;
  numbersHint(max: number): string;
  /** Under the number field; plain text (Slack shows field errors as such). `why` is the phone problem's words. */
  fieldErrors: {
    malformed(position: number, input: string, why: string): string;
    /** After the first few malformed numbers. */
    moreMalformed(count: number): string;
    tooMany(count: number, max: number): string;
    /** The picker: a look-up takes one number. */
    lookUpOne: string;
  };
  /** "3 lines", in place of the number of a change's summary ("cancel 3 lines as soon as possible"). */
  lines: Plural;
  /** What replaces the submitted form while Freebit is asked about each line. */
  checking(count: number): Mrkdwn;
  checkingNote: Mrkdwn;

  /** The summary of the pre-flight. `summary` is the change for all the lines checked. */
  asked(summary: Mrkdwn): Mrkdwn;
  counts(requestable: number, refused: number): Mrkdwn;
  allRequestable(count: number): Mrkdwn;
  noneRequestable(count: number): Mrkdwn;
  refusedHeader: Mrkdwn;
  requestableHeader: Mrkdwn;
  refusedLine(phone: Mrkdwn, why: Mrkdwn): Mrkdwn;
  /** Between the numbers of a list written on one line. */
  numberSeparator: string;
  /** A list cut short: how many lines it does not show. */
  more(count: number): Mrkdwn;
  nothingYet: Mrkdwn;
  /** The summary's submit button (at most 24 characters). */
  request: Plural;
  back: string;

  /** Why a line cannot be requested, short. */
  refusals: Record<LineRefusal, Mrkdwn>;
  /** Another open request holds the line (its id, when known). */
  heldBy(request?: Mrkdwn): Mrkdwn;
  /** Freebit did not answer the line's look-up; `why` as the thread says it (approval.lookupProblems). */
  notLookedUp(why: Mrkdwn): Mrkdwn;
  lookupRefused: Mrkdwn;

  /** `requested` (the request's id, as for one line), and the lines another request took between the summary and the request. */
  requestedLeavingOut(requested: Mrkdwn, phones: Mrkdwn): Mrkdwn;

  /** The message shortcut's button under its cards. */
  requestForNumbers(count: number): string;
}
