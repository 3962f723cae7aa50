import type { AsyncFunction, FreebitOperation, LineState, PendingChange } from '../freebit/index.js';
import type { LookupSurface } from '../workflow/index.js';
import type { PhoneParseResult } from '../phone.js';
import { enApproval, jaApproval, type ApprovalSentences } from './approvalMessages.js';

/**
 * The message catalog: every sentence a person reads, in English and Japanese (DESIGN.md,
 * "Conventions"). Keyed by message, never by screen, so that one sentence has one wording.
 * Values are already formatted for display (phone numbers, dates) by the caller; anything
 * a person typed arrives here escaped for mrkdwn.
 */
export type Locale = 'en' | 'ja';

export type PhoneProblem = Extract<PhoneParseResult, { ok: false }>['reason'];

/** What was wrong with `/freebit <text>` (see commandText.ts). */
export type CommandProblem =
  | { kind: 'unknown_subcommand'; word: string }
  | { kind: 'phone_missing'; subcommand: string }
  | { kind: 'phone_invalid'; input: string; reason: PhoneProblem }
  | { kind: 'date_invalid'; input: string }
  | { kind: 'date_in_past'; input: string }
  | { kind: 'contract_line_missing' }
  | { kind: 'contract_line_invalid'; input: string }
  | { kind: 'target_missing' };

export type OperationName = 'lookup' | 'cancel' | 'contract' | 'register';

/** A change request in words, for the answer after a modal is submitted. */
export type ChangeSummary =
  | { operation: 'cancel'; phone: string; runDate?: string }
  | { operation: 'contract'; phone: string; contractLine: string }
  | { operation: 'register'; phone: string; planCode: string; startDate?: string };

export interface Catalog {
  locale: Locale;

  sandboxBanner: string;
  sandboxTag: string;

  usage: string;
  usageLine: string;
  commandProblem(problem: CommandProblem): string;

  // The line card.
  lineState(state: LineState): string;
  pendingChange(change: PendingChange, date?: string): string;
  noPendingChange: string;
  labels: {
    state: string;
    plan: string;
    contractLine: string;
    simSize: string;
    iccid: string;
    imsi: string;
    voiceAndSms: string;
    ipv4: string;
    ipv6: string;
    quota: string;
    startDate: string;
    masterAccount: string;
    pendingChange: string;
  };
  voiceAndSms(voice: boolean | undefined, sms: boolean | undefined): string;
  notSet: string;
  /** In place of the IMSI on a card shared in a channel. */
  hiddenWhenShared: string;
  readAt(time: string): string;
  sharedBy(userId: string): string;
  cardText(phone: string, state: string): string;
  buttons: { share: string; refresh: string; requestCancellation: string; requestContractChange: string };

  // Errors, at the Slack edge (errors.ts decides which one).
  lineNotFound(phone: string): string;
  freebitTimeout(seconds: string): string;
  freebitUnreachable: string;
  freebitBadAnswer: string;
  freebitCredentialsRefused: string;
  freebitAuthKeyRefused: string;
  freebitUnexpected: string;
  /** Freebit refused with a detail code; `providerSentence` is the Freebit layer's English wording. */
  freebitRefused(detailCode: number, operation: FreebitOperation, providerSentence: string): string;
  botProblem(reference: string): string;
  notInChannel: string;
  formExpired: string;
  lookupFailedFor(phone: string, reason: string): string;

  // The message shortcut.
  noNumbersInMessage: string;
  onlyFirstNumbers(limit: number): string;

  // Modals.
  titles: { cancellation: string; contractChange: string; registration: string; picker: string; lookup: string; lineCard: string };
  submit: { request: string; next: string; lookUp: string };
  close: string;
  intro: { cancellation: string; contractChange: string; registration: string; picker: string; lookup: string };
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
  operationNames: Record<OperationName, string>;
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
  };
  lookingUp(phone: string): string;

  // After a change request is submitted.
  changeSummary(summary: ChangeSummary): string;
  requestSubmitted(summary: string, reference: string): string;
  /** By DM, when the process that recorded the request stopped before it could say so; `status` is the request's status line. */
  requestRecorded(summary: string, reference: string, status: string): string;

  // App Home.
  home: { title: string; intro: string; howTo: string; lookUpButton: string };

  // The approval workflow: its message, thread, refusals, history and App Home lists (approvalMessages.ts).
  approval: ApprovalSentences;

  // `/freebit access-log`: who looked at a line, or what a person looked at.
  accessLog: {
    onlyApprovers: string;
    /** `of`: a number as shown, or a person's mention. */
    header(of: string): string;
    none(of: string): string;
    /** One lookup: when (JST), who, which number, where. */
    entry(at: string, userId: string, phone: string, surface: string, channelId: string | undefined): string;
    surfaces: Record<LookupSurface, string>;
    /** The last `shown` of more. */
    lastShown(shown: number): string;
    /** `cut`: the file holds only the most recent lookups (the most one file holds). */
    csvComment(of: string, rows: number, cut: boolean): string;
    csvSent(of: string): string;
  };
}

function shown(input: string): string {
  const clipped = Array.from(input).length > 40 ? `${Array.from(input).slice(0, 39).join('')}…` : input;
  return clipped.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/`/g, 'ˋ');
}

const EN_STATES: Record<LineState, string> = {
  waiting: 'Waiting for setup',
  temporary: 'Temporary registration',
  active: 'Active',
  suspended: 'Suspended',
  obsolete: 'Cancelled',
};

const STATE_BADGES: Record<LineState, string> = {
  waiting: ':large_yellow_circle:',
  temporary: ':large_orange_circle:',
  active: ':large_green_circle:',
  suspended: ':red_circle:',
  obsolete: ':black_circle:',
};

/** The badge is the same in both languages: an emoji in front of the state's name. */
export function stateBadge(t: Catalog, state: LineState): string {
  return `${STATE_BADGES[state]} *${t.lineState(state)}*`;
}

const EN_CHANGES: Record<AsyncFunction, string> = {
  regist: 'Registration',
  stop: 'Suspension',
  resume: 'Resumption',
  cancel: 'Cancellation',
  revival: 'Revival',
  plnset: 'Plan change',
  plnunset: 'Plan removal',
  change: 'Change',
  chgctract: '4G/5G contract line change',
};

const EN_PHONE_PROBLEMS: Record<PhoneProblem, string> = {
  empty: 'no number was given',
  not_a_number: 'it is not a phone number',
  wrong_length: 'a Freebit line number has 11 digits starting with 0 (090-1234-5678)',
  not_japanese: 'it is not a Japanese phone number (type it as 090-1234-5678 or +81 90-1234-5678)',
};

export const en: Catalog = {
  locale: 'en',
  sandboxBanner: ':test_tube: *SANDBOX*: answers come from the built-in Freebit sandbox, not from Freebit. No real line is read or changed.',
  sandboxTag: '[SANDBOX]',

  usage: [
    '*/freebit* looks up and changes Freebit phone lines:',
    '• `/freebit 090-1234-5678` or `/freebit lookup 090-1234-5678`: the line’s card, visible to you only',
    '• `/freebit cancel 090-1234-5678 [2026-11-30]`: request a cancellation (a second person approves)',
    '• `/freebit contract 090-1234-5678 5G`: request a 4G/5G contract line change',
    '• `/freebit register [090-1234-5678]`: request a new line',
    '• `/freebit history 090-1234-5678`: the change requests for a line and what became of them',
    '• `/freebit access-log 090-1234-5678` or `/freebit access-log @person` (approvers): the last 50 lookups of a line or by a person; add `csv` for a file in your DM',
    '• `/freebit`: pick an operation in a form',
    '• `/freebit help`: this help',
  ].join('\n'),
  usageLine: 'Usage: `/freebit <phone>` · `lookup <phone>` · `cancel <phone> [date]` · `contract <phone> 4G|5G` · `register [<phone>]` · `history <phone>` · `access-log <phone|@person> [csv]` · `help`',
  commandProblem(problem) {
    switch (problem.kind) {
      case 'unknown_subcommand':
        return `“${shown(problem.word)}” is not something /freebit can do.`;
      case 'phone_missing':
        return `\`${problem.subcommand}\` needs a phone number, such as 090-1234-5678.`;
      case 'target_missing':
        return '`access-log` needs a phone number (090-1234-5678) or a person (@name).';
      case 'phone_invalid':
        return `“${shown(problem.input)}” is not a phone number the bot can use: ${EN_PHONE_PROBLEMS[problem.reason]}.`;
      case 'date_invalid':
        return `“${shown(problem.input)}” is not a date; write it as 2026-11-30.`;
      case 'date_in_past':
        return `${shown(problem.input)} is in the past (Japan time); give today or a later day, or no date to cancel as soon as possible.`;
      case 'contract_line_missing':
        return '`contract` needs the contract line to change to: 4G or 5G.';
      case 'contract_line_invalid':
        return `“${shown(problem.input)}” is not a contract line; write 4G or 5G.`;
    }
  },

  lineState: (state) => EN_STATES[state],
  pendingChange(change, date) {
    const what = EN_CHANGES[change.func];
    return date ? `${what} scheduled for ${date}` : `${what} pending at Freebit`;
  },
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
  voiceAndSms: (voice, sms) => `Voice ${onOffEn(voice)} · SMS ${onOffEn(sms)}`,
  notSet: '–',
  hiddenWhenShared: 'hidden in a shared card',
  readAt: (time) => `Read from Freebit at ${time}`,
  sharedBy: (userId) => `Shared by <@${userId}>`,
  cardText: (phone, state) => `Line ${phone}: ${state}`,
  buttons: {
    share: 'Share in channel',
    refresh: 'Refresh',
    requestCancellation: 'Request cancellation…',
    requestContractChange: 'Request 4G/5G change…',
  },

  lineNotFound: (phone) => `Freebit has no line with the number ${phone}. Check the number; if it is right, the line was never registered here.`,
  freebitTimeout: (seconds) => `Freebit did not answer within ${seconds} s. Try again in a minute; if it keeps happening, Freebit may be down.`,
  freebitUnreachable: 'Freebit could not be reached (the connection failed or was dropped). Try again in a minute.',
  freebitBadAnswer: 'Freebit answered something the bot could not read. Try again in a minute; if it persists, tell the bot’s operator.',
  freebitCredentialsRefused: 'Freebit refused the bot’s OEM credentials, so the bot cannot reach any line. Tell the bot’s operator (FREEBIT_OEM_ID, FREEBIT_OEM_KEY).',
  freebitAuthKeyRefused: 'Freebit refused the bot’s authentication key. Try again; if it persists, tell the bot’s operator.',
  freebitUnexpected: 'Freebit had an unexpected error on its side (detail code 900). Try again in a few minutes.',
  freebitRefused: (detailCode, _operation, providerSentence) => `${providerSentence} (Freebit detail code ${detailCode})`,
  botProblem: (reference) => `Something went wrong inside the bot. Try again; if it happens again, give the bot’s operator this reference: ${reference}.`,
  notInChannel: 'The bot is not a member of this channel, so it cannot post here. Invite it with `/invite @freebit-ops`, then try again.',
  formExpired: 'Slack took too long to open the form. Try again.',
  lookupFailedFor: (phone, reason) => `*${phone}*: ${reason}`,

  noNumbersInMessage: 'There is no phone number in that message (the bot looks for Japanese numbers such as 090-1234-5678).',
  onlyFirstNumbers: (limit) => `That message has more than ${limit} phone numbers; here are the first ${limit}.`,

  titles: {
    cancellation: 'Cancel a line',
    contractChange: 'Change 4G/5G',
    registration: 'Register a line',
    picker: 'Freebit',
    lookup: 'Look up a line',
    lineCard: 'Line',
  },
  submit: { request: 'Request', next: 'Next', lookUp: 'Look up' },
  close: 'Close',
  intro: {
    cancellation: 'Cancelling a line cannot be undone. Another person approves this request before the bot asks Freebit.',
    contractChange: 'A 4G/5G change takes about 30 minutes, locks the line meanwhile and cannot be cancelled. Another person approves it first.',
    registration: 'Registering a line starts billing. Another person approves this request before the bot asks Freebit.',
    picker: 'What do you want to do?',
    lookup: 'The line’s card is shown here, to you only.',
  },
  fields: {
    phone: 'Phone number',
    phonePlaceholder: '090-1234-5678',
    phoneHintOptional: 'Optional here; the next form asks for it.',
    runDate: 'Cancellation date (Japan time)',
    runDateHint: 'Leave empty to cancel as soon as possible. Freebit completes it within 10 minutes of the date.',
    contractLine: 'Change the contract line to',
    productNumber: 'Product number (optional)',
    productNumberHint: 'Two capital letters and 13 digits, such as AB1234567890123.',
    planCode: 'Plan',
    startDate: 'Start date (Japan time, optional)',
    startDateHint: 'Leave empty to start as soon as possible.',
    reason: 'Reason',
    reasonPlaceholder: 'Why is this needed? The approver reads it.',
    operation: 'Operation',
  },
  operationNames: { lookup: 'Look up a line', cancel: 'Cancel a line', contract: 'Change 4G/5G', register: 'Register a new line' },
  fieldErrors: {
    phoneRequired: 'Enter the phone number, such as 090-1234-5678.',
    phoneInvalid: (reason) => `This is not a phone number the bot can use: ${EN_PHONE_PROBLEMS[reason]}.`,
    dateInvalid: 'Pick a date.',
    dateInPast: 'This day is in the past (Japan time). Pick today or a later day, or leave it empty.',
    contractLineRequired: 'Pick 4G or 5G.',
    productNumberInvalid: 'A product number is two capital letters and 13 digits, such as AB1234567890123.',
    planUnknown: 'Pick one of the plans in the list.',
    reasonBlank: 'Write why this is needed; the approver reads it.',
    operationRequired: 'Pick what you want to do.',
  },
  lookingUp: (phone) => `Looking up ${phone}…`,

  changeSummary(summary) {
    switch (summary.operation) {
      case 'cancel':
        return `cancel ${summary.phone} ${summary.runDate ? `on ${summary.runDate}` : 'as soon as possible'}`;
      case 'contract':
        return `change ${summary.phone} to ${summary.contractLine}`;
      case 'register':
        return `register ${summary.phone} on plan ${summary.planCode}${summary.startDate ? ` from ${summary.startDate}` : ''}`;
    }
  },
  requestSubmitted: (summary, reference) => `Your request to ${summary} is waiting for approval (request ${reference}).`,
  requestRecorded: (summary, reference, status) => `The bot restarted before it could answer you: your request to ${summary} is recorded as request ${reference}. ${status}`,

  accessLog: {
    onlyApprovers: 'Only approvers can read the access log. Ask one of them.',
    header: (of) => `Lookups of ${of}`,
    none: (of) => `No lookups of ${of} are recorded (entries are kept for ACCESS_LOG_RETENTION_DAYS).`,
    entry: (at, userId, phone, surface, channelId) => `${at} · <@${userId}> · ${phone} · ${surface}${channelId ? ` in <#${channelId}>` : ''}`,
    surfaces: {
      command: '/freebit',
      refresh: 'Refresh',
      share: 'Share in channel',
      shortcut: 'Look up a line',
      message_shortcut: 'Look up numbers in this message',
      modal: 'a form',
      home: 'App Home',
      history: '/freebit history',
    },
    lastShown: (shown) => `The last ${shown}, newest first. Add \`csv\` for a file.`,
    csvComment: (of, rows, cut) =>
      `Access log of ${of}: ${rows} lookups, newest first (times in JST)${cut ? '; only the most recent, the most one file holds: ask the bot’s operator for older ones' : ', everything kept'}.`,
    csvSent: (of) => `The access log of ${of} is in your DM with the bot, as a CSV file.`,
  },

  home: {
    title: 'Freebit operations',
    intro: 'Look up Freebit phone lines and request changes; another person approves every change before it reaches Freebit.',
    howTo: 'In any channel, type `/freebit 090-1234-5678` for a line’s card, or `/freebit help` for everything the bot can do.',
    lookUpButton: 'Look up a line',
  },

  approval: enApproval,
};

function onOffEn(value: boolean | undefined): string {
  return value === undefined ? '–' : value ? 'on' : 'off';
}

const JA_STATES: Record<LineState, string> = {
  waiting: '開通待ち',
  temporary: '仮登録',
  active: '利用中',
  suspended: '利用停止中',
  obsolete: '解約済み',
};

const JA_CHANGES: Record<AsyncFunction, string> = {
  regist: '登録',
  stop: '利用停止',
  resume: '利用再開',
  cancel: '解約',
  revival: '復活',
  plnset: 'プラン設定',
  plnunset: 'プラン解除',
  change: '変更',
  chgctract: '4G/5G 契約回線変更',
};

const JA_PHONE_PROBLEMS: Record<PhoneProblem, string> = {
  empty: '番号が入力されていません',
  not_a_number: '電話番号ではありません',
  wrong_length: 'Freebit の回線番号は 0 から始まる 11 桁です（090-1234-5678）',
  not_japanese: '日本の電話番号ではありません（090-1234-5678 または +81 90-1234-5678 の形で入力してください）',
};

// The Freebit layer words every documented detail code in English (freebit/errors.ts);
// these are the same sentences for people who read Japanese.
const JA_DETAIL: Record<number, string> = {
  200: 'サービス種別（kind）が不正なため、Freebit がリクエストを拒否しました。',
  201: 'Freebit が電話番号のパラメータを拒否しました。番号を確認して再度お試しください。',
  202: 'Freebit がパスワードのパラメータを拒否しました。',
  204: 'Freebit がリクエストのパラメータを拒否しました（日付の形式が不正、または過去の日付など）。',
  205: 'Freebit がボットの認証キーを拒否しました。ボットが自動で更新します。続く場合は FREEBIT_OEM_ID と FREEBIT_OEM_KEY を確認してください。',
  208: 'この電話番号はすでに Freebit に登録されています。',
  210: 'Freebit にその電話番号の回線はありません。',
  211: '回線の現在の状態では、Freebit はこのリクエストを受け付けません。',
  212: '関連する別のアカウントのエラーにより、Freebit がリクエストを拒否しました。',
  220: 'このプランコードは Freebit に存在しません。設定済みのプランから選んでください。',
  226: 'Freebit が displayPass パラメータを拒否しました。',
  227: 'Freebit がリクエストデータ（requestDatas）を拒否しました。',
  228: 'Freebit が認証キーのパラメータを拒否しました。続く場合は OEM 認証情報を確認してください。',
  230: 'この回線には Freebit で処理待ちの別の変更があります。完了してから再度お試しください。',
  233: 'Freebit はこのアカウントにこのサービスを提供していません。',
  236: 'Freebit が version パラメータを拒否しました。',
  266: 'Freebit が製品番号を拒否しました。英大文字 2 文字と数字 13 桁で入力してください。',
  360: 'Freebit が契約回線の種別を拒否しました。4G か 5G を指定してください。',
  361: 'この回線はすでにその契約回線です。変更の必要はありません。',
  362: 'この回線では Freebit で契約回線の変更がすでに進行中です（約 30 分かかり、取り消しできません）。',
  900: 'Freebit 側で予期しないエラーが発生しました。数分後に再度お試しください。',
};

const JA_OPERATION_DETAIL: Partial<Record<FreebitOperation, Record<number, string>>> = {
  cancelLine: { 101: 'この回線は Freebit ですでに解約済みです。' },
  registerLine: { 210: '登録に必要なアカウントが Freebit に見つかりませんでした。' },
};

function onOffJa(value: boolean | undefined): string {
  return value === undefined ? '–' : value ? 'あり' : 'なし';
}

export const ja: Catalog = {
  locale: 'ja',
  sandboxBanner: ':test_tube: *サンドボックス（SANDBOX）*：この回答は Freebit ではなく内蔵のサンドボックスからのものです。実際の回線の参照・変更は行われません。',
  sandboxTag: '[SANDBOX]',

  usage: [
    '*/freebit* で Freebit の回線を照会・変更できます：',
    '• `/freebit 090-1234-5678` または `/freebit lookup 090-1234-5678`：回線カード（あなたにだけ表示）',
    '• `/freebit cancel 090-1234-5678 [2026-11-30]`：解約を申請（別の担当者が承認します）',
    '• `/freebit contract 090-1234-5678 5G`：4G/5G 契約回線の変更を申請',
    '• `/freebit register [090-1234-5678]`：新規回線の登録を申請',
    '• `/freebit history 090-1234-5678`：回線の変更申請とその結果',
    '• `/freebit access-log 090-1234-5678` または `/freebit access-log @担当者`（承認者のみ）：回線の、または担当者による直近 50 件の照会。`csv` を付けると DM にファイルで届きます',
    '• `/freebit`：フォームで操作を選ぶ',
    '• `/freebit help`：このヘルプ',
  ].join('\n'),
  usageLine: '使い方：`/freebit <電話番号>` · `lookup <電話番号>` · `cancel <電話番号> [日付]` · `contract <電話番号> 4G|5G` · `register [<電話番号>]` · `history <電話番号>` · `access-log <電話番号|@担当者> [csv]` · `help`',
  commandProblem(problem) {
    switch (problem.kind) {
      case 'unknown_subcommand':
        return `「${shown(problem.word)}」は /freebit の操作ではありません。`;
      case 'phone_missing':
        return `\`${problem.subcommand}\` には電話番号（例：090-1234-5678）が必要です。`;
      case 'target_missing':
        return '`access-log` には電話番号（090-1234-5678）または担当者（@名前）が必要です。';
      case 'phone_invalid':
        return `「${shown(problem.input)}」は使用できる電話番号ではありません：${JA_PHONE_PROBLEMS[problem.reason]}。`;
      case 'date_invalid':
        return `「${shown(problem.input)}」は日付ではありません。2026-11-30 の形式で入力してください。`;
      case 'date_in_past':
        return `${shown(problem.input)} は過去の日付です（日本時間）。今日以降の日付を指定するか、日付を省略するとできるだけ早く解約します。`;
      case 'contract_line_missing':
        return '`contract` には変更先の契約回線（4G または 5G）が必要です。';
      case 'contract_line_invalid':
        return `「${shown(problem.input)}」は契約回線ではありません。4G または 5G と入力してください。`;
    }
  },

  lineState: (state) => JA_STATES[state],
  pendingChange(change, date) {
    const what = JA_CHANGES[change.func];
    return date ? `${what}：${date} に実行予定` : `${what}：Freebit で処理待ち`;
  },
  noPendingChange: 'なし',
  labels: {
    state: '状態',
    plan: 'プラン',
    contractLine: '契約回線',
    simSize: 'SIM サイズ',
    iccid: 'ICCID',
    imsi: 'IMSI',
    voiceAndSms: '音声 / SMS',
    ipv4: 'IPv4',
    ipv6: 'IPv6',
    quota: 'クォータ（Freebit の値のまま）',
    startDate: '利用開始日',
    masterAccount: 'マスターアカウント',
    pendingChange: '処理待ちの変更',
  },
  voiceAndSms: (voice, sms) => `音声 ${onOffJa(voice)} · SMS ${onOffJa(sms)}`,
  notSet: '–',
  hiddenWhenShared: '共有カードでは非表示',
  readAt: (time) => `Freebit から取得：${time}`,
  sharedBy: (userId) => `<@${userId}> が共有`,
  cardText: (phone, state) => `回線 ${phone}：${state}`,
  buttons: {
    share: 'チャンネルに共有',
    refresh: '再読み込み',
    requestCancellation: '解約を申請…',
    requestContractChange: '4G/5G 変更を申請…',
  },

  lineNotFound: (phone) => `Freebit に ${phone} の回線はありません。番号を確認してください。正しい番号なら、この回線は登録されていません。`,
  freebitTimeout: (seconds) => `Freebit から ${seconds} 秒以内に応答がありませんでした。1 分ほどしてから再度お試しください。続く場合は Freebit が停止している可能性があります。`,
  freebitUnreachable: 'Freebit に接続できませんでした（接続の失敗または切断）。1 分ほどしてから再度お試しください。',
  freebitBadAnswer: 'Freebit から読み取れない応答が返りました。1 分ほどしてから再度お試しください。続く場合はボットの管理者に連絡してください。',
  freebitCredentialsRefused: 'Freebit がボットの OEM 認証情報を拒否したため、回線を参照できません。ボットの管理者に連絡してください（FREEBIT_OEM_ID、FREEBIT_OEM_KEY）。',
  freebitAuthKeyRefused: 'Freebit がボットの認証キーを拒否しました。再度お試しください。続く場合はボットの管理者に連絡してください。',
  freebitUnexpected: 'Freebit 側で予期しないエラーが発生しました（詳細コード 900）。数分後に再度お試しください。',
  freebitRefused: (detailCode, operation) =>
    `${JA_OPERATION_DETAIL[operation]?.[detailCode] ?? JA_DETAIL[detailCode] ?? 'Freebit がリクエストを拒否しました。'}（Freebit 詳細コード ${detailCode}）`,
  botProblem: (reference) => `ボット内部で問題が発生しました。再度お試しください。再発する場合は、この参照番号をボットの管理者に伝えてください：${reference}`,
  notInChannel: 'ボットがこのチャンネルのメンバーではないため投稿できません。`/invite @freebit-ops` で招待してから再度お試しください。',
  formExpired: 'Slack がフォームを開くのに時間がかかりすぎました。もう一度お試しください。',
  lookupFailedFor: (phone, reason) => `*${phone}*：${reason}`,

  noNumbersInMessage: 'このメッセージに電話番号はありません（090-1234-5678 のような日本の番号を探します）。',
  onlyFirstNumbers: (limit) => `このメッセージには ${limit} 件を超える電話番号があります。最初の ${limit} 件を表示します。`,

  titles: {
    cancellation: '回線の解約',
    contractChange: '4G/5G の変更',
    registration: '回線の登録',
    picker: 'Freebit',
    lookup: '回線の照会',
    lineCard: '回線',
  },
  submit: { request: '申請', next: '次へ', lookUp: '照会' },
  close: '閉じる',
  intro: {
    cancellation: '解約は取り消せません。ボットが Freebit に依頼する前に、別の担当者がこの申請を承認します。',
    contractChange: '4G/5G の変更には約 30 分かかり、その間回線はロックされ、取り消しできません。先に別の担当者が承認します。',
    registration: '回線を登録すると課金が始まります。ボットが Freebit に依頼する前に、別の担当者がこの申請を承認します。',
    picker: '何をしますか？',
    lookup: '回線カードはここに、あなたにだけ表示されます。',
  },
  fields: {
    phone: '電話番号',
    phonePlaceholder: '090-1234-5678',
    phoneHintOptional: 'ここでは省略できます。次のフォームで入力します。',
    runDate: '解約日（日本時間）',
    runDateHint: '空欄にするとできるだけ早く解約します。Freebit は指定日から 10 分以内に完了します。',
    contractLine: '変更後の契約回線',
    productNumber: '製品番号（任意）',
    productNumberHint: '英大文字 2 文字と数字 13 桁（例：AB1234567890123）。',
    planCode: 'プラン',
    startDate: '利用開始日（日本時間、任意）',
    startDateHint: '空欄にするとできるだけ早く開始します。',
    reason: '理由',
    reasonPlaceholder: 'なぜ必要ですか？承認者が読みます。',
    operation: '操作',
  },
  operationNames: { lookup: '回線を照会', cancel: '回線を解約', contract: '4G/5G を変更', register: '新しい回線を登録' },
  fieldErrors: {
    phoneRequired: '電話番号を入力してください（例：090-1234-5678）。',
    phoneInvalid: (reason) => `使用できる電話番号ではありません：${JA_PHONE_PROBLEMS[reason]}。`,
    dateInvalid: '日付を選んでください。',
    dateInPast: '過去の日付です（日本時間）。今日以降の日付を選ぶか、空欄にしてください。',
    contractLineRequired: '4G か 5G を選んでください。',
    productNumberInvalid: '製品番号は英大文字 2 文字と数字 13 桁です（例：AB1234567890123）。',
    planUnknown: '一覧からプランを選んでください。',
    reasonBlank: '必要な理由を書いてください。承認者が読みます。',
    operationRequired: '操作を選んでください。',
  },
  lookingUp: (phone) => `${phone} を照会しています…`,

  changeSummary(summary) {
    switch (summary.operation) {
      case 'cancel':
        return `${summary.phone} の解約（${summary.runDate ? `${summary.runDate} 実行` : 'できるだけ早く'}）`;
      case 'contract':
        return `${summary.phone} の ${summary.contractLine} への変更`;
      case 'register':
        return `${summary.phone} のプラン ${summary.planCode} での登録${summary.startDate ? `（${summary.startDate} 開始）` : ''}`;
    }
  },
  requestSubmitted: (summary, reference) => `${summary}の申請は承認待ちです（申請 ${reference}）。`,
  requestRecorded: (summary, reference, status) => `ボットが再起動したため返答が遅れました。${summary}の申請は申請 ${reference} として記録されています。${status}`,

  accessLog: {
    onlyApprovers: '照会記録を読めるのは承認者だけです。承認者に依頼してください。',
    header: (of) => `${of} の照会記録`,
    none: (of) => `${of} の照会は記録されていません（記録は ACCESS_LOG_RETENTION_DAYS の間保存されます）。`,
    entry: (at, userId, phone, surface, channelId) => `${at} · <@${userId}> · ${phone} · ${surface}${channelId ? `（<#${channelId}>）` : ''}`,
    surfaces: {
      command: '/freebit',
      refresh: '更新',
      share: 'チャンネルに共有',
      shortcut: '回線を照会',
      message_shortcut: 'このメッセージの番号を照会',
      modal: 'フォーム',
      home: 'ホーム',
      history: '/freebit history',
    },
    lastShown: (shown) => `新しい順に直近 ${shown} 件。\`csv\` を付けるとファイルで届きます。`,
    csvComment: (of, rows, cut) =>
      `${of} の照会記録：${rows} 件、新しい順（時刻は JST）${cut ? '。1 ファイルに収まる直近分のみです。それ以前の記録はボットの管理者に依頼してください' : '。保存されているすべての記録です'}。`,
    csvSent: (of) => `${of} の照会記録を CSV ファイルでボットとの DM に送りました。`,
  },

  home: {
    title: 'Freebit 回線操作',
    intro: 'Freebit の回線を照会し、変更を申請できます。変更はすべて、Freebit に届く前に別の担当者が承認します。',
    howTo: '任意のチャンネルで `/freebit 090-1234-5678` と入力すると回線カードが、`/freebit help` と入力するとできることの一覧が表示されます。',
    lookUpButton: '回線を照会',
  },

  approval: jaApproval,
};

export function catalogFor(locale: Locale): Catalog {
  return locale === 'ja' ? ja : en;
}

/** Slack's `users.info` locale (`ja-JP`, `en-US`, …) to one the bot speaks; English when unknown. */
export function localeFromSlack(slackLocale: string | undefined): Locale {
  return slackLocale?.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}
