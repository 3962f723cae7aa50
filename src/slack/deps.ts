import type { Clock } from '../clock.js';
import type { FreebitService } from '../freebit/index.js';
import type { Logger } from '../logger.js';
import { withDeadline } from '../timeout.js';
import type { AccessLog, Approvals, Channels } from '../workflow/index.js';
import type { LocaleSource } from './people.js';
import { catalogFor, type Locale } from './i18n/index.js';
import { Voice } from './kit/voice.js';

/**
 * Only the read: the Slack surface has no path to a mutating Freebit call. Changes go
 * through the `ApprovalDesk` (the approval workflow).
 */
export type LineReader = Pick<FreebitService, 'lookupLine'>;

/**
 * What the request forms, the approval buttons, `/freebit history` and App Home ask of the
 * workflow, and nothing more (each member is called somewhere under src/slack). A submitted form becomes a `ChangeRequestInput` for `submit`; every decision
 * re-checks policy on the server (approvals.ts); the listeners only pass who clicked.
 */
export type ApprovalDesk = Pick<
  Approvals,
  | 'submit'
  | 'checkLines'
  | 'lineCheck'
  | 'requestChecked'
  | 'requesterTold'
  | 'adoptMessage'
  | 'approve'
  | 'reject'
  | 'withdraw'
  | 'isApprover'
  | 'refuseUnlessMayLook'
  | 'admitLook'
  | 'refusalToAsk'
  | 'refusalBeforeAsking'
  | 'refusalToDecide'
  | 'historyOf'
  | 'overviewFor'
>;

/** Who looked at which line: every surface that shows a line records it (Approvals.admitLook); approvers read it. */
export type AccessLogDesk = Pick<AccessLog, 'forLine' | 'forPerson'>;

/** Everything a listener may use; built once in main.ts. */
export interface SlackDeps {
  lines: LineReader;
  approvals: ApprovalDesk;
  accessLog: AccessLogDesk;
  /** SHARE_FULL_IDENTIFIERS: a card shared in a channel shows the IMSI and the whole ICCID. */
  shareFullIdentifiers: boolean;
  /** Which channels are shared with another organisation: no card is shared there. Absent: SHARE_EXTERNAL_CHANNELS=true. */
  externalChannels?: Channels;
  locales: LocaleSource;
  clock: Clock;
  logger: Logger;
  /** Freebit is the embedded sandbox: everything says SANDBOX. */
  sandbox: boolean;
  /** FREEBIT_PLAN_CODES: what the registration modal offers. */
  planCodes: readonly string[];
  /** FREEBIT_TIMEOUT_MS, for the sentence that says how long Freebit was given. */
  freebitTimeoutMs: number;
  /** How many cards the message shortcut shows at most. */
  messageShortcutLimit: number;
  /** BULK_MAX_LINES: most numbers one request may carry. */
  bulkMaxLines: number;
  /** The bot's own id (auth.test `bot_id`): a clicked message is adopted only when the bot posted it. */
  botId: string;
}

/**
 * The logger of the Slack request being handled: the global middleware (boltApp.ts) puts a
 * child naming the request (`slackRequestId`, `slackUserId`) on Bolt's `context.log`; a
 * listener hands it to the workflow so that the lines written for the request name it.
 */
export function requestLogger(context: Readonly<Record<string, unknown>> | undefined, deps: Pick<SlackDeps, 'logger'>): Logger {
  return (context?.log as Logger | undefined) ?? deps.logger;
}

export function voiceFor(deps: Pick<SlackDeps, 'sandbox'>, locale: Locale): Voice {
  return new Voice(catalogFor(locale), deps.sandbox);
}

export async function voiceOf(deps: Pick<SlackDeps, 'sandbox' | 'locales'>, userId: string): Promise<Voice> {
  return voiceFor(deps, await deps.locales.localeOf(userId));
}

/**
 * Why this person may ask for no change, when that is known within `withinMs` (before a form
 * opens, Slack's trigger_id gives no time to wait): a guest, or one who may not look. Past
 * the deadline the form opens, and the submission is refused on the server if it must be.
 */
export function refusalToAskQuickly(deps: Pick<SlackDeps, 'approvals'>, userId: string, withinMs = 1_000): Promise<Error | undefined> {
  return withDeadline(deps.approvals.refusalToAsk(userId), withinMs, () => undefined);
}
