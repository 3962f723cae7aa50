import type { AsyncFunction, FreebitErrorCode, LineState, OperationDetailCodes, RefusalDetailCode } from '../../freebit/index.js';
import type { PhoneParseResult } from '../../phone.js';
import type { AccessRefusal, LookupSurface, RequestState, WorkflowErrorCode } from '../../workflow/index.js';
import type { RequestLineState } from '../../workflow/index.js';
import type { operations as englishOperations } from './en/operations.js';
import type { CATALOGS } from './index.js';
import type { BulkFormCatalog } from './bulkFormCatalog.js';
import type { Mrkdwn } from './mrkdwn.js';

/**
 * The shape of the message catalog: every sentence a person reads (ARCHITECTURE.md, "Words"),
 * keyed by message. A language is one folder (`en/`, `ja/`) that fills this shape with leaf
 * messages: strings, records keyed by the domain's unions, and small functions that put
 * values into one sentence. What to say when (every `switch`) is the renderers' business,
 * written once for all languages. Values arrive as `Mrkdwn` (escaped, formatted: numbers,
 * dates in Japan time, mentions); a leaf interpolates nothing else (see `md`).
 */
/** The languages the bot speaks: the entries of `CATALOGS` (index.ts), one per language folder. */
export type Locale = keyof typeof CATALOGS;

export type PhoneProblem = Extract<PhoneParseResult, { ok: false }>['reason'];

/** One form of a sentence per plural category the language has (Intl.PluralRules); `other` always. */
export type Plural = Partial<Record<Intl.LDMLPluralRule, (count: number) => Mrkdwn>> & { other: (count: number) => Mrkdwn };

/**
 * A message in its two forms by how many lines a request has: `one`, exactly one (the line is
 * named by its number and what became of it said whole, like ICU's `=1`: every language has it,
 * Japanese too, which has no plural `one`), and `other`, several. The phrasing picks the form
 * (`byLineCount`, approvals/phrasing.ts).
 */
export interface ByLineCount<One, Other = One> {
  one: One;
  other: Other;
}

/** Why a failed request was not done (the status line that replaces the buttons). */
export type FailureKind = 'refused' | 'line_changed' | 'not_checked' | 'not_accepted' | 'unsettled';

/** One step of a request's audit trail, for `/freebit history`. */
export type TrailAction = RequestState | 'requested' | 'approval_counted' | 'reminded';

/** How a language says a duration; the arithmetic (speak.ts) is the same in each. */
export interface DurationCatalog {
  underAMinute: Mrkdwn;
  minutes(minutes: number): Mrkdwn;
  /** `minutes`: past the hour, 0 for a whole hour. */
  hours(hours: number, minutes: number): Mrkdwn;
  days(days: number): Mrkdwn;
}

/** What every operation's words have; each adds its summary and next step with its own values, and a `cardButton` when a line's card offers it. */
interface OperationBasics {
  /** In the picker and the approval message's header. */
  name: string;
  /** Its bullet in `/freebit help` (`/freebit cancel 090-1234-5678 [2026-11-30]`: …). */
  help: Mrkdwn;
  /** Its part of the one-line usage after a command the bot could not read (`cancel <phone> [date]`). */
  usage: Mrkdwn;
  /** The request modal's title and the sentence at its top. */
  title: string;
  intro: Mrkdwn;
}

/**
 * An operation's words as a language folder writes them: the basics, its summary ("cancel
 * 090-1234-5678 on 2026-11-30") and what Freebit does next once it accepted it.
 */
export type OperationCatalogSource = CatalogSource<OperationBasics> & {
  /** The button on a line's card that opens the form. */
  cardButton?: string;
  summary(...values: never[]): Mrkdwn;
  next(...values: never[]): Mrkdwn;
};

/**
 * The catalog entries of each change operation (src/slack/operations/), one per operation of the
 * workflow. Their shape is the English entries' (en/operations.ts: the values each sentence
 * takes are typed there), which every other language fills: a new operation is an entry in
 * each language, nothing here.
 */
export type OperationCatalog = { [O in keyof typeof englishOperations]: Spoken<(typeof englishOperations)[O]> };
/** The written entry as the catalog gives it: its intro read as mrkdwn. */
type Spoken<Written> = { [K in keyof Written]: K extends 'intro' | 'help' | 'usage' ? Mrkdwn : Written[K] };

export interface Catalog {
  locale: Locale;
  /** How lists are said: the Intl locale, and the list type of a plain enumeration (approvals so far). */
  intl: { locale: string; plainList: Intl.ListFormatType };
  /** The bot, where a person would be mentioned (an expiry, a follow-up). */
  bot: Mrkdwn;

  sandboxBanner: Mrkdwn;
  sandboxTag: string;

  /**
   * `/freebit help`, around the operations' own bullets (`operations.<name>.help`, in the order
   * the picker lists them): what comes before them, and after.
   */
  help: { intro: Mrkdwn; before: Mrkdwn[]; after: Mrkdwn[] };
  /** The one-line usage, around the operations' own parts (`operations.<name>.usage`). */
  usageLine: { intro: Mrkdwn; before: Mrkdwn[]; after: Mrkdwn[] };
  /** What was wrong with `/freebit <text>`; `input`s are quoted as typed. */
  commandProblems: {
    unknownSubcommand(word: Mrkdwn): Mrkdwn;
    phoneMissing(subcommand: Mrkdwn): Mrkdwn;
    targetMissing: Mrkdwn;
    phoneInvalid(input: Mrkdwn, why: Mrkdwn): Mrkdwn;
    dateInvalid(input: Mrkdwn): Mrkdwn;
    dateInPast(input: Mrkdwn): Mrkdwn;
    contractLineMissing: Mrkdwn;
    contractLineInvalid(input: Mrkdwn): Mrkdwn;
  };
  phoneProblems: Record<PhoneProblem, Mrkdwn>;

  // The line card.
  lineStates: Record<LineState, Mrkdwn>;
  changes: Record<AsyncFunction, Mrkdwn>;
  pendingScheduled(change: Mrkdwn, date: Mrkdwn): Mrkdwn;
  pendingAtFreebit(change: Mrkdwn): Mrkdwn;
  noPendingChange: Mrkdwn;
  labels: Record<
    | 'state'
    | 'plan'
    | 'contractLine'
    | 'simSize'
    | 'iccid'
    | 'imsi'
    | 'voiceAndSms'
    | 'ipv4'
    | 'ipv6'
    | 'quota'
    | 'startDate'
    | 'masterAccount'
    | 'pendingChange',
    Mrkdwn
  >;
  onOff: { on: Mrkdwn; off: Mrkdwn };
  voiceAndSms(voice: Mrkdwn, sms: Mrkdwn): Mrkdwn;
  notSet: Mrkdwn;
  /** In place of the IMSI on a card shared in a channel. */
  hiddenWhenShared: Mrkdwn;
  readAt(time: Mrkdwn): Mrkdwn;
  sharedBy(user: Mrkdwn): Mrkdwn;
  cardText(phone: Mrkdwn, state: Mrkdwn): Mrkdwn;
  buttons: { share: string; refresh: string };
  /** Share in channel, refused: the channel is shared with another organisation (Slack Connect). */
  notSharedExternally: Mrkdwn;
  /** Share in channel, refused: Slack did not say whether the channel is shared with another organisation. */
  shareUnchecked: Mrkdwn;

  // Errors, at the Slack edge (errors.ts decides which one).
  lineNotFound(phone: Mrkdwn): Mrkdwn;
  freebitTimeout(seconds: Mrkdwn): Mrkdwn;
  freebitUnreachable: Mrkdwn;
  freebitBadAnswer: Mrkdwn;
  freebitCredentialsRefused: Mrkdwn;
  freebitAuthKeyRefused: Mrkdwn;
  freebitUnexpected: Mrkdwn;
  /** Every refusal the spec tables list, and the codes an operation gives a meaning of its own. */
  detailCodes: Record<RefusalDetailCode, Mrkdwn>;
  operationDetailCodes: { [Op in keyof OperationDetailCodes]: Record<OperationDetailCodes[Op], Mrkdwn> };
  /** A code no table lists. */
  unknownDetailCode(code: number): Mrkdwn;
  /** A refusal's sentence with its code, for the support desk. */
  withDetailCode(sentence: Mrkdwn, code: number): Mrkdwn;
  botProblem(reference: Mrkdwn): Mrkdwn;
  /** The bot's own store did not answer in time (or is unreachable): nothing was changed, try again. */
  storeDidNotAnswer: Mrkdwn;
  notInChannel: Mrkdwn;
  formExpired: Mrkdwn;
  /** Slack rate-limited the bot's answer (HTTP 429) for longer than a person should wait. */
  slackBusy(seconds: number): Mrkdwn;

  /** Text past its cap (`TEXT_CAPS`), refused before it is read: `/freebit …`, and a message shortcut's message. */
  textTooLong: { command(max: number): Mrkdwn; message(max: number): Mrkdwn };

  // The message shortcut.
  noNumbersInMessage: Mrkdwn;
  onlyFirstNumbers(limit: number): Mrkdwn;

  // Modals.
  operations: OperationCatalog;
  titles: { picker: string; lookup: string; lineCard: string };
  submit: { request: string; next: string; lookUp: string };
  close: string;
  intro: { picker: string; lookup: Mrkdwn };
  /** The picker's choice besides the change operations. */
  lookupName: string;
  fields: {
    phone: string;
    phonePlaceholder: string;
    phoneHintOptional: string;
    runDate: string;
    runDateHint: string;
    contractLine: string;
    productNumber: string;
    productNumberHint: string;
    planCode: string;
    startDate: string;
    startDateHint: string;
    reason: string;
    reasonPlaceholder: string;
    operation: string;
  };
  fieldErrors: {
    phoneRequired: string;
    phoneInvalid(reason: PhoneProblem): string;
    dateInvalid: string;
    dateInPast: string;
    contractLineRequired: string;
    productNumberInvalid: string;
    planUnknown: string;
    reasonBlank: string;
    operationRequired: string;
    tooLong(max: number): string;
  };
  lookingUp(phone: Mrkdwn): Mrkdwn;

  // After a change request is submitted.
  requestSubmitted(summary: Mrkdwn, reference: Mrkdwn): Mrkdwn;
  /** By DM, when the process that recorded the request stopped before it could say so; `status` is the request's status line. */
  requestRecorded(summary: Mrkdwn, reference: Mrkdwn, status: Mrkdwn): Mrkdwn;

  // App Home.
  home: { title: string; intro: Mrkdwn; howTo: Mrkdwn; lookUpButton: string };

  approval: ApprovalCatalog;
  requestLines: RequestLinesCatalog;

  /** Many lines, one request: the number field that takes several, the pre-flight's summary. */
  bulkForms: BulkFormCatalog;

  // `/freebit access-log`: who looked at a line, or what a person looked at.
  accessLog: {
    onlyApprovers: Mrkdwn;
    /** `of`: a number as shown, or a person's mention. */
    header(of: Mrkdwn): Mrkdwn;
    none(of: Mrkdwn): Mrkdwn;
    /** One lookup: when (JST), who, which number, where. */
    entry(at: Mrkdwn, user: Mrkdwn, phone: Mrkdwn, surface: Mrkdwn): Mrkdwn;
    /** Said after an entry made in a channel. */
    inChannel(channel: Mrkdwn): Mrkdwn;
    surfaces: Record<LookupSurface, Mrkdwn>;
    /** Said after an entry whose look was refused (nothing was shown), with why. */
    refused(reason: Mrkdwn): Mrkdwn;
    refusals: Record<AccessRefusal, Mrkdwn>;
    /** In place of the number of a refusal that named none. */
    noNumber: Mrkdwn;
    /** The last `shown` of more. */
    lastShown(shown: number): Mrkdwn;
    csvComment(of: Mrkdwn, rows: number, cut: boolean): Mrkdwn;
    csvSent(of: Mrkdwn): Mrkdwn;
  };
}

/** The line card's part of the catalog (a language folder's lineCard.ts). */
export type LineCardCatalog = Pick<
  Catalog,
  | 'lineStates'
  | 'changes'
  | 'pendingScheduled'
  | 'pendingAtFreebit'
  | 'noPendingChange'
  | 'labels'
  | 'onOff'
  | 'voiceAndSms'
  | 'notSet'
  | 'hiddenWhenShared'
  | 'readAt'
  | 'sharedBy'
  | 'cardText'
  | 'buttons'
  | 'notSharedExternally'
  | 'shareUnchecked'
>;

/** What goes wrong, at the Slack edge (a language folder's errors.ts). */
export type ErrorCatalog = Pick<
  Catalog,
  | 'lineNotFound'
  | 'freebitTimeout'
  | 'freebitUnreachable'
  | 'freebitBadAnswer'
  | 'freebitCredentialsRefused'
  | 'freebitAuthKeyRefused'
  | 'freebitUnexpected'
  | 'detailCodes'
  | 'operationDetailCodes'
  | 'unknownDetailCode'
  | 'withDetailCode'
  | 'botProblem'
  | 'storeDidNotAnswer'
  | 'notInChannel'
  | 'formExpired'
  | 'slackBusy'
>;

/** The approval workflow: its message, thread, refusals, history and App Home lists. */
export interface ApprovalCatalog {
  /** The approval message's header while it waits. */
  header(operation: string, phone: string): string;
  notification(requester: Mrkdwn, summary: Mrkdwn): Mrkdwn;
  labels: Record<'request' | 'change' | 'requestedBy' | 'reason' | 'expires' | 'approvals' | 'requestedAt', Mrkdwn> & {
    /** The line as it was when asked (in full), or how many of the lines were in each state. */
    whenAsked: ByLineCount<Mrkdwn>;
  };
  newNumber: Mrkdwn;
  /** `approvers`: who approved so far, already a list; absent when nobody has. */
  approvalsSoFar(count: number, required: number, approvers?: Mrkdwn): Mrkdwn;
  buttons: { approve: string; reject: string; withdraw: string };
  confirm: { title: string; text(summary: Mrkdwn): string; confirm: string; deny: string };
  withdrawHint: Mrkdwn;

  /** The line that replaces the buttons once decided; the renderer joins its parts with " · ". */
  status: {
    approved(by: Mrkdwn, at: Mrkdwn): Mrkdwn;
    asking: Mrkdwn;
    /** Accepted by Freebit: the one line already done or in progress; several lines all sent, the accepted ones in progress. */
    accepted: ByLineCount<{ alreadyDone: Mrkdwn; inProgress: Mrkdwn }, Mrkdwn>;
    completed(at: Mrkdwn): Mrkdwn;
    stuck: Mrkdwn;
    /** `why`: the one line's failure (`failures`), or for several lines `noneAccepted`. */
    failed(why: Mrkdwn): Mrkdwn;
    noneAccepted: Mrkdwn;
    datePassed(date: Mrkdwn, at: Mrkdwn): Mrkdwn;
    rejected(by: Mrkdwn, at: Mrkdwn, reason: Mrkdwn): Mrkdwn;
    expired(at: Mrkdwn): Mrkdwn;
    withdrawn(by: Mrkdwn, at: Mrkdwn): Mrkdwn;
  };
  failures: Record<FailureKind, Mrkdwn>;

  /** Replies in the request's thread; `requester` leads the ones they must read. */
  thread: {
    counted(approver: Mrkdwn, count: number, required: number, stillNeeded: Mrkdwn): Mrkdwn;
    stillNeeded: Plural;
    approved(requester: Mrkdwn, approvers: Mrkdwn): Mrkdwn;
    rejected(requester: Mrkdwn, by: Mrkdwn, reason: Mrkdwn): Mrkdwn;
    withdrawn(by: Mrkdwn): Mrkdwn;
    expired(requester: Mrkdwn, at: Mrkdwn): Mrkdwn;
    /** The one reminder of a request still waiting: `approvers` mentioned, how long it `waited`, when it `expires`. */
    reminder(approvers: Mrkdwn, waited: Mrkdwn, expires: Mrkdwn): Mrkdwn;
    /** `executed`, its date over before anything was sent (one line or several). */
    datePassed(requester: Mrkdwn, summary: Mrkdwn, date: Mrkdwn): Mrkdwn;
    /** `executed`, once every line had its call. */
    executed: ByLineCount<
      {
        accepted(requester: Mrkdwn, summary: Mrkdwn, next: Mrkdwn): Mrkdwn;
        alreadySatisfied(requester: Mrkdwn): Mrkdwn;
        refused(requester: Mrkdwn, summary: Mrkdwn, why: Mrkdwn): Mrkdwn;
        lineChanged(requester: Mrkdwn, changes: Mrkdwn): Mrkdwn;
        notChecked(requester: Mrkdwn, why: Mrkdwn): Mrkdwn;
        /** No answer came (`unknown`), or the bot stopped around the call (`interrupted`)… */
        causes: { unknown: Mrkdwn; interrupted: Mrkdwn };
        /** …and what the lookup afterwards found. */
        settledAccepted(requester: Mrkdwn, cause: Mrkdwn, next: Mrkdwn): Mrkdwn;
        settledNotAccepted(requester: Mrkdwn, cause: Mrkdwn): Mrkdwn;
        unsettled(requester: Mrkdwn, cause: Mrkdwn): Mrkdwn;
      },
      {
        /** `tally` says how many went which way, `then` what follows; the lines not done are listed after it. */
        tally(requester: Mrkdwn, summary: Mrkdwn, tally: Mrkdwn, then?: Mrkdwn): Mrkdwn;
        /** …when some were accepted: what Freebit does next (`next`), and that the bot follows them up. */
        followingUp(next: Mrkdwn): Mrkdwn;
        /** …when none was. */
        noneAccepted: Mrkdwn;
      }
    >;
    progress(changes: Mrkdwn): Mrkdwn;
    completed(requester: Mrkdwn, summary: Mrkdwn, changes: Mrkdwn, took: Mrkdwn): Mrkdwn;
    stuck(requester: Mrkdwn, summary: Mrkdwn, deadline: Mrkdwn, lastSeen: Mrkdwn): Mrkdwn;
  };
  /** "State: Active → Cancelled" and friends, for the thread. */
  change(label: Mrkdwn, before: Mrkdwn, after: Mrkdwn): Mrkdwn;
  notAtFreebit: Mrkdwn;
  nothingMoved: Mrkdwn;
  /** Why the look-up right before the call failed (short: it sits in parentheses in the thread). */
  lookupProblems: Record<Exclude<FreebitErrorCode, 'refused'>, Mrkdwn>;
  lookupRefused(detailCode: Mrkdwn): Mrkdwn;
  unknownCode: Mrkdwn;
  /** Why the look-up right before the call failed when it was the bot's own part (its store), not Freebit. */
  ownProblem: Mrkdwn;
  duration: DurationCatalog;

  /** Why the workflow said no (WorkflowError), to the person who asked or clicked. */
  refusal(code: WorkflowErrorCode): Mrkdwn;
  /** Added for someone refused a lookup, when a group's members may look. */
  askGroup(group: Mrkdwn): Mrkdwn;
  /** Added to `open_request_exists`: the request that holds the line. */
  openRequest(request: Mrkdwn): Mrkdwn;
  /** The approval message could not be posted (the bot is not in the approval channel): nothing was requested. */
  approvalChannelUnreachable: Mrkdwn;

  /** The reject modal. */
  rejectModal: {
    title: string;
    submit: string;
    intro(requestId: Mrkdwn, summary: Mrkdwn, requester: Mrkdwn): Mrkdwn;
    reason: string;
    placeholder: string;
    reasonBlank: string;
  };

  requestStates: Record<RequestState, Mrkdwn>;
  trailSteps: Record<TrailAction, (who: Mrkdwn, at: Mrkdwn) => Mrkdwn>;
  /** A step of the trail with what was said (a reason, why it was not done). */
  trailDetail(step: Mrkdwn, detail: Mrkdwn): Mrkdwn;

  history: { header(phone: Mrkdwn): Mrkdwn; none(phone: Mrkdwn): Mrkdwn; more(count: number): Mrkdwn };
  home: {
    mine: string;
    noneMine: Mrkdwn;
    awaiting: string;
    noneAwaiting: Mrkdwn;
    moreAwaiting(count: number): Mrkdwn;
    moreMine(count: number): Mrkdwn;
  };
}

/**
 * A line's own audit entries in a request for several lines: asked for (every line but the
 * first, whose entry is the request's own `requested`), then `line_<its state>` for each line
 * that got this far.
 */
export type LineTrailAction = 'line_requested' | `line_${Exclude<RequestLineState, 'held' | 'executing'>}`;

/**
 * A request's lines: how many ("37 lines"), the list of them and their progress in the approval
 * message, the thread replies that list them (`line_list`, the close: `completed` or `stuck`), a line's own state and
 * why it was not done, and one line's part in `/freebit history`. What is said of the request
 * itself is `approval`'s, in the form for its number of lines where that matters (`ByLineCount`).
 */
export interface RequestLinesCatalog {
  /** "37 lines": the subject of the summary ("cancel 37 lines on 2026-11-30") and header of a request of several lines (one line is named by its number). */
  lines: Plural;
  labels: Record<'lines' | 'notDone' | 'pastDeadline', Mrkdwn>;
  /** How many lines were in one state when asked ("35 × 🟢 Active"). */
  stateCount(count: number, state: Mrkdwn): Mrkdwn;
  /** A number Freebit did not know when asked (a registration), in the list of lines. */
  newNumber: Mrkdwn;
  /** After the first lines of the approval message's list: how many more, and where they all are. */
  more(count: number): Mrkdwn;
  /** After the first lines not done: how many more, and where they are named. */
  moreNotDone(count: number): Mrkdwn;
  /** More lines than one message holds (a thread reply): how many are left out. */
  notShown(count: number): Mrkdwn;
  /** "37 lines: 30 accepted, 1 not done, 6 to go": where the request stands, line by line. */
  progress(lines: Mrkdwn, tally: Mrkdwn): Mrkdwn;
  /** Each part of the tally: how many lines are in one state ("30 accepted", "6 to go"). */
  tally: Record<RequestLineState, (count: number) => Mrkdwn>;
  /** A line's own state, short: beside it in a list, and in its history. */
  lineStates: Record<RequestLineState, Mrkdwn>;
  /** Why one line was not done: what kind of failure (`approval.failures`), then the detail. */
  notDone(kind: Mrkdwn, detail: Mrkdwn): Mrkdwn;
  /** A line named in a list, and what is said of it (why it was not done, when the bot stopped watching it). */
  namedLine(phone: Mrkdwn, said: Mrkdwn): Mrkdwn;
  /** One line not sent because the day asked for was over by its turn. */
  datePassed(date: Mrkdwn): Mrkdwn;
  /** Replies in the request's thread; `requester` leads the ones they must read. */
  thread: {
    /** `line_list`: above every line of the request, as the pre-flight saw it. */
    lineList(lines: Mrkdwn): Mrkdwn;
    /** The close of several lines (`completed`): every accepted line completed. */
    allDone(requester: Mrkdwn, summary: Mrkdwn, tally: Mrkdwn): Mrkdwn;
    /** The close of several lines (`stuck`): some accepted lines not completed by their deadline (listed after it), and what to check. */
    someStuck(requester: Mrkdwn, summary: Mrkdwn, stuck: number, tally: Mrkdwn): Mrkdwn;
    whatToCheck: Mrkdwn;
    /** A line past its deadline, in that list: when the bot stopped watching it. */
    stoppedAt(at: Mrkdwn): Mrkdwn;
  };
  trailSteps: Record<LineTrailAction, (who: Mrkdwn, at: Mrkdwn) => Mrkdwn>;
  /** In `/freebit history <number>`: this number's own state in a request for several lines. */
  thisLine(phone: Mrkdwn, state: Mrkdwn): Mrkdwn;
}

/**
 * What a language folder writes: the catalog with its fixed sentences as plain strings (they
 * are the bot's own words, trusted as mrkdwn); sentences with values stay functions that
 * build them with `md`. `defineCatalog` gives it the catalog's type.
 */
export type CatalogSource<T = Catalog> = {
  [K in keyof T]: T[K] extends Mrkdwn
    ? string
    : T[K] extends (...args: never[]) => unknown
      ? T[K]
      : T[K] extends object
        ? CatalogSource<T[K]>
        : T[K];
};

/** A table of the catalog's own sentences, looked up by key (they are the bot's words, trusted as mrkdwn). */
export function ownSentences<K extends string>(table: Record<K, string>): (key: K) => Mrkdwn {
  return (key) => table[key] as Mrkdwn;
}

export function defineCatalog(source: CatalogSource): Catalog {
  return source as unknown as Catalog;
}
