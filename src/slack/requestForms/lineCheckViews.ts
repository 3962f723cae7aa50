import { formatPhoneNumber, type PhoneNumber } from '../../phone.js';
import type { BulkChangeOutcome, LineCheck, LineVerdict, Operation, RequestedChange } from '../../workflow/index.js';
import { actions, button, context, section, type Block, type ModalView } from '../kit/blocks.js';
import { ACTIONS, BLOCKS, VIEWS } from '../kit/ids.js';
import { BLOCK_KIT_LIMITS } from '../kit/limits.js';
import { encodeOrigin, type FormOrigin } from '../kit/origin.js';
import { listSections } from '../kit/sections.js';
import type { Voice } from '../kit/voice.js';
import type { LineRefusal } from '../i18n/bulkFormCatalog.js';
import { esc, joinMd, type Catalog, type Mrkdwn } from '../i18n/index.js';
import { plural } from '../i18n/speak.js';
import { changeSummary } from '../changeForms/index.js';

/**
 * A request form of several numbers, once submitted: what replaces it in the same
 * modal while each line is looked up, the summary of that pre-flight (which lines can be
 * requested, and why the others cannot; its submit requests them, its Back returns to the
 * form), or the sentence why nothing can be. The modal carries the pre-flight's id, never its
 * lines (private_metadata holds 3,000 characters; the lines stay in the store).
 */

/** The sandbox banner, the opening, the note and the Back button: what the lists leave room for. */
const BLOCKS_BESIDE_LISTS = 6;

/** "Checking 5 lines…", in the ack of the form's submission (nothing slow before it). */
export function checkingView(voice: Voice, operation: Operation, count: number, origin: FormOrigin): ModalView {
  const { t } = voice;
  return voice.modal({
    callbackId: VIEWS.lineCheck,
    title: t.operations[operation].title,
    privateMetadata: encodeOrigin(origin),
    blocks: [section(t.bulkForms.checking(count)), context([t.bulkForms.checkingNote])],
  });
}

/** The pre-flight's summary: its submit ("Request 3 lines") only when a line can be requested. */
export function lineCheckView(voice: Voice, check: LineCheck, origin: FormOrigin): ModalView {
  const { t } = voice;
  const words = t.bulkForms;
  const refused = check.verdicts.filter((verdict) => verdict.refusal !== undefined);
  const requestable = check.verdicts.filter((verdict) => verdict.refusal === undefined);
  const total = check.verdicts.length;
  const counts =
    requestable.length === 0
      ? words.noneRequestable(total)
      : refused.length === 0
        ? words.allRequestable(total)
        : words.counts(requestable.length, refused.length);
  // Both lists share what the modal has room for; the refused lines (with their reasons) come first.
  const room = BLOCK_KIT_LIMITS.blocksPerView - BLOCKS_BESIDE_LISTS;
  const refusedSections = listSections(
    refused.map((verdict) => words.refusedLine(shownPhone(verdict.phone), shortRefusal(t, verdict))),
    { header: words.refusedHeader, separator: '\n', maxBlocks: requestable.length > 0 ? room - 1 : room, more: words.more },
  );
  const requestableSections = listSections(
    requestable.map((verdict) => shownPhone(verdict.phone)),
    { header: words.requestableHeader, separator: words.numberSeparator, maxBlocks: room - refusedSections.length, more: words.more },
  );
  const blocks: Block[] = [
    section(joinMd([words.asked(changeOfLines(t, check.change, total)), counts], '\n')),
    ...refusedSections,
    ...requestableSections,
    ...(requestable.length > 0 ? [context([words.nothingYet])] : []),
    actions(BLOCKS.lineCheckActions, [button({ text: words.back, actionId: ACTIONS.lineCheckBack })]),
  ];
  return voice.modal({
    callbackId: VIEWS.lineCheck,
    title: t.operations[check.change.operation].title,
    ...(requestable.length > 0 ? { submit: plural(t, requestable.length, words.request) } : {}),
    privateMetadata: encodeOrigin({ ...origin, checkId: check.id }),
    blocks,
  });
}

/** A refusal of the whole request (no approvers, not allowed here, the check gone), in place of the summary or the form. */
export function lineCheckRefusedView(voice: Voice, title: string, sentence: Mrkdwn, origin: FormOrigin): ModalView {
  return voice.modal({ callbackId: VIEWS.lineCheck, title, privateMetadata: encodeOrigin(origin), blocks: [section(sentence)] });
}

/** What the requester is told once the summary was submitted: the request's id, and the lines left out meanwhile. */
export function linesRequested(t: Catalog, outcome: Pick<BulkChangeOutcome, 'reference' | 'request' | 'leftOut'>): Mrkdwn {
  const count = outcome.request.lines.length;
  const told = t.requestSubmitted(changeOfLines(t, outcome.request.change, count), esc(outcome.reference));
  if (outcome.leftOut.length === 0) return told;
  const leftOut = joinMd(
    outcome.leftOut.map((verdict) => shownPhone(verdict.phone)),
    t.bulkForms.numberSeparator,
  );
  return t.bulkForms.requestedLeavingOut(told, leftOut);
}

/** "cancel 5 lines as soon as possible": the change's summary, with the count where the number goes. */
function changeOfLines(t: Catalog, change: RequestedChange, count: number): Mrkdwn {
  return changeSummary(t, plural(t, count, t.bulkForms.lines), change);
}

const shownPhone = (phone: PhoneNumber | string): Mrkdwn => esc(formatPhoneNumber(phone as PhoneNumber));

const SHORT_REFUSALS: ReadonlySet<string> = new Set<LineRefusal>([
  'line_not_found',
  'line_exists',
  'line_cancelled',
  'already_on_contract_line',
  'change_in_progress',
]);

/** Why one line cannot be requested, short: it follows its number in the list. */
function shortRefusal(t: Catalog, verdict: LineVerdict): Mrkdwn {
  const words = t.bulkForms;
  const refusal = verdict.refusal;
  if (refusal === undefined) return esc('');
  if (refusal === 'lookup_failed') {
    const code = verdict.freebitCode;
    const problems: Record<string, Mrkdwn> = t.approval.lookupProblems;
    return words.notLookedUp(code !== undefined && Object.hasOwn(problems, code) ? problems[code]! : words.lookupRefused);
  }
  if (refusal === 'open_request_exists') return words.heldBy(verdict.holderId ? esc(verdict.holderId) : undefined);
  if (SHORT_REFUSALS.has(refusal)) return words.refusals[refusal as LineRefusal];
  // No other refusal is one line's own; should one come, its whole sentence says it.
  return t.approval.refusal(refusal);
}
