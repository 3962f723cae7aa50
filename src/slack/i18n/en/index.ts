import { defineCatalog } from '../catalog.js';
import { md } from '../mrkdwn.js';
import { approval } from './approvals.js';
import { requestLines } from './requestLines.js';
import { bulkForms } from './bulkForms.js';
import { errors } from './errors.js';
import { lineCard } from './lineCard.js';
import { operations } from './operations.js';

const PHONE_PROBLEMS = {
  empty: 'no number was given',
  not_a_number: 'it is not a phone number',
  wrong_length: 'a Freebit line number has 11 digits starting with 0 (090-1234-5678)',
  not_japanese: 'it is not a Japanese phone number (type it as 090-1234-5678 or +81 90-1234-5678)',
};

export const en = defineCatalog({
  locale: 'en',
  intl: { locale: 'en-GB', plainList: 'unit' },
  bot: 'the bot',
  sandboxBanner:
    ':test_tube: *SANDBOX*: answers come from the built-in Freebit sandbox, not from Freebit. No real line is read or changed.',
  sandboxTag: '[SANDBOX]',

  help: {
    intro: '*/freebit* looks up and changes Freebit phone lines:',
    before: ['• `/freebit 090-1234-5678` or `/freebit lookup 090-1234-5678`: the line’s card, visible to you only'],
    after: [
      '• `/freebit history 090-1234-5678`: the change requests for a line and what became of them',
      '• `/freebit access-log 090-1234-5678` or `/freebit access-log @person` (approvers): the last 50 lookups of a line or by a person; add `csv` for a file in your DM',
      '• `/freebit`: pick an operation in a form',
      '• `/freebit help`: this help',
    ],
  },
  usageLine: {
    intro: 'Usage: ',
    before: ['`/freebit <phone>`', '`lookup <phone>`'],
    after: ['`history <phone>`', '`access-log <phone|@person> [csv]`', '`help`'],
  },
  commandProblems: {
    unknownSubcommand: (word) => md`“${word}” is not something /freebit can do.`,
    phoneMissing: (subcommand) => md`\`${subcommand}\` needs a phone number, such as 090-1234-5678.`,
    targetMissing: '`access-log` needs a phone number (090-1234-5678) or a person (@name).',
    phoneInvalid: (input, why) => md`“${input}” is not a phone number the bot can use: ${why}.`,
    dateInvalid: (input) => md`“${input}” is not a date; write it as 2026-11-30.`,
    dateInPast: (input) => md`${input} is in the past (Japan time); give today or a later day, or no date to cancel as soon as possible.`,
    contractLineMissing: '`contract` needs the contract line to change to: 4G or 5G.',
    contractLineInvalid: (input) => md`“${input}” is not a contract line; write 4G or 5G.`,
  },
  phoneProblems: PHONE_PROBLEMS,

  ...lineCard,
  ...errors,

  textTooLong: {
    command: (max) =>
      md`That is too long for /freebit to read: at most ${max} characters. For many lines, type \`/freebit\` alone and paste the numbers into the form.`,
    message: (max) =>
      md`That message is too long to look for numbers in: at most ${max} characters. Copy the numbers into \`/freebit\` instead.`,
  },
  noNumbersInMessage: 'There is no phone number in that message (the bot looks for Japanese numbers such as 090-1234-5678).',
  onlyFirstNumbers: (limit) => md`That message has more than ${limit} phone numbers; here are the first ${limit}.`,

  operations,
  titles: { picker: 'Freebit', lookup: 'Look up a line', lineCard: 'Line' },
  submit: { request: 'Request', next: 'Next', lookUp: 'Look up' },
  close: 'Close',
  intro: { picker: 'What do you want to do?', lookup: 'The line’s card is shown here, to you only.' },
  lookupName: 'Look up a line',
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
  fieldErrors: {
    phoneRequired: 'Enter the phone number, such as 090-1234-5678.',
    phoneInvalid: (reason) => `This is not a phone number the bot can use: ${PHONE_PROBLEMS[reason]}.`,
    dateInvalid: 'Pick a date.',
    dateInPast: 'This day is in the past (Japan time). Pick today or a later day, or leave it empty.',
    contractLineRequired: 'Pick 4G or 5G.',
    productNumberInvalid: 'A product number is two capital letters and 13 digits, such as AB1234567890123.',
    planUnknown: 'Pick one of the plans in the list.',
    reasonBlank: 'Write why this is needed; the approver reads it.',
    operationRequired: 'Pick what you want to do.',
    tooLong: (max) => `This is too long: at most ${max.toLocaleString('en')} characters.`,
  },
  lookingUp: (phone) => md`Looking up ${phone}…`,

  requestSubmitted: (summary, reference) => md`Your request to ${summary} is waiting for approval (request ${reference}).`,
  requestRecorded: (summary, reference, status) =>
    md`The bot restarted before it could answer you: your request to ${summary} is recorded as request ${reference}. ${status}`,

  home: {
    title: 'Freebit operations',
    intro: 'Look up Freebit phone lines and request changes; another person approves every change before it reaches Freebit.',
    howTo: 'In any channel, type `/freebit 090-1234-5678` for a line’s card, or `/freebit help` for everything the bot can do.',
    lookUpButton: 'Look up a line',
  },

  approval,
  requestLines,
  bulkForms,

  accessLog: {
    onlyApprovers: 'Only approvers can read the access log. Ask one of them.',
    header: (of) => md`Lookups of ${of}`,
    none: (of) => md`No lookups of ${of} are recorded (entries are kept for ACCESS_LOG_RETENTION_DAYS).`,
    entry: (at, user, phone, surface) => md`${at} · ${user} · ${phone} · ${surface}`,
    inChannel: (channel) => md` in ${channel}`,
    surfaces: {
      command: '/freebit',
      refresh: 'Refresh',
      share: 'Share in channel',
      shortcut: 'Look up a line',
      message_shortcut: 'Look up numbers in this message',
      modal: 'a form',
      home: 'App Home',
      history: '/freebit history',
      form_check: 'the check of a form',
      request_check: 'the check of a request',
      recheck: 'the re-check before a change',
    },
    refused: (reason) => md`refused (${reason})`,
    refusals: {
      lookup_not_allowed: 'not allowed to look',
      guest_not_allowed: 'guest',
      access_unknown: 'Slack could not say who may look',
      lookup_ceiling: 'LOOKUP_MAX_PER_HOUR reached',
      store_unavailable: 'could not be recorded',
    },
    noNumber: 'no number',
    lastShown: (shown) => md`The last ${shown}, newest first. Add \`csv\` for a file.`,
    csvComment: (of, rows, cut) =>
      cut
        ? md`Access log of ${of}: ${rows} lookups, newest first (times in JST); only the most recent, the most one file holds: ask the bot’s operator for older ones.`
        : md`Access log of ${of}: ${rows} lookups, newest first (times in JST), everything kept.`,
    csvSent: (of) => md`The access log of ${of} is in your DM with the bot, as a CSV file.`,
  },
});
