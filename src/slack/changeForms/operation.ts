import type { PhoneNumber } from '../../phone.js';
import type { ChangeDraft, Operation, RequestedChange } from '../../workflow/index.js';
import type { ModalView } from '../kit/blocks.js';
import type { CommandReading } from '../commandReading.js';
import type { FormReading } from '../kit/formReader.js';
import type { ViewStateValues } from '../kit/payloads.js';
import type { Catalog, Mrkdwn } from '../i18n/index.js';
import type { FormOrigin } from '../kit/origin.js';
import type { Voice } from '../kit/voice.js';

type ChangeOf<O extends Operation> = Extract<RequestedChange, { operation: O }>;
type DraftOf<O extends Operation> = Extract<ChangeDraft, { operation: O }>;

/** What a form may be opened with: at least the number (or numbers), when known; the reason when it is drawn again. */
export interface Prefill {
  phone?: PhoneNumber;
  /** Several numbers: one request for many lines. */
  phones?: readonly PhoneNumber[];
  /** Back from the summary of several lines: the reason written before. */
  reason?: string;
}

/** What reading a form or drawing one may need besides the person's words. */
export interface FormContext {
  /** FREEBIT_PLAN_CODES, for the registration form. */
  planCodes: readonly string[];
  /** BULK_MAX_LINES: most numbers the number field takes. */
  bulkMaxLines: number;
  nowMs: number;
}

/**
 * One change operation on the Slack side, whole: its subcommand and how the arguments after it
 * are read, its modal, how the submitted form is read and made a draft for the workflow, and
 * how a request of it is said (its words live in i18n/, under `operations`). The rest of the
 * Slack layer goes through the list in index.ts and never names an operation.
 */
export interface SlackOperation<O extends Operation, P extends Prefill, Form extends { reason: string }> {
  operation: O;
  /** `/freebit <subcommand> …` */
  subcommand: string;
  /** The modal's callback id: unique among the bot's views (ids.ts VIEWS, and the other operations'). */
  callbackId: string;
  /** The button on a line's card that opens its form, when the card offers one (its action id unique as the callback id). */
  cardButton?: { actionId: string; label(t: Catalog): string };
  /** The arguments after the subcommand (already split on spaces); `nowMs` decides which dates are past. */
  readCommand(args: readonly string[], nowMs: number): CommandReading<P>;
  modal(voice: Voice, prefill: P, origin: FormOrigin, context: Pick<FormContext, 'planCodes' | 'bulkMaxLines'>): ModalView;
  /** The form's own fields as they were for `change` (Back from the summary of several lines draws the form again). */
  prefillOf(change: ChangeOf<O>): P;
  readForm(values: ViewStateValues, t: Catalog, context: FormContext): FormReading<Form>;
  draft(form: Form): DraftOf<O>;
  /** "cancel 090-1234-5678 on 2026-11-30" in the reader's words; `phone` is formatted. */
  summary(t: Catalog, phone: Mrkdwn, change: ChangeOf<O>): Mrkdwn;
  /** What Freebit does next once it accepted the change. */
  nextStep(t: Catalog, change: ChangeOf<O>): Mrkdwn;
}
