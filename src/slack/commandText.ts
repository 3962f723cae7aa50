import { parseFutureDate, type FreebitDate } from '../dates.js';
import { parseContractLine, type ContractLine } from '../freebit/index.js';
import { parsePhoneNumber, type PhoneNumber } from '../phone.js';
import type { CommandProblem } from './messages.js';

/** What a person asked for with `/freebit <text>` (DESIGN.md, "Conversation surface"). */
export type FreebitCommand =
  | { kind: 'lookup'; phone: PhoneNumber }
  | { kind: 'cancel'; phone: PhoneNumber; runDate?: FreebitDate }
  | { kind: 'contract'; phone: PhoneNumber; contractLine: ContractLine }
  | { kind: 'register'; phone?: PhoneNumber }
  /** The change requests for a line and what became of them. */
  | { kind: 'history'; phone: PhoneNumber }
  /** Who looked at a line, or what a person looked at (approvers only); `csv`: as a file, to the asker's DM. */
  | { kind: 'access_log'; target: AccessLogTarget; csv: boolean }
  | { kind: 'help' }
  /** Bare `/freebit`: a modal to pick the operation. */
  | { kind: 'picker' }
  | { kind: 'invalid'; problem: CommandProblem };

export type AccessLogTarget = { phone: PhoneNumber } | { userId: string };

const SUBCOMMANDS = ['lookup', 'cancel', 'contract', 'register', 'history', 'access-log', 'help'] as const;

// A person as Slack escapes a mention in a command's text (`<@U0123|sato>`), or their bare id.
const PERSON = /^(?:<@([UW][A-Z0-9]{2,})(?:\|[^>]*)?>|@?([UW][A-Z0-9]{8,}))$/;
type Subcommand = (typeof SUBCOMMANDS)[number];

// A date as the command takes it (the forms PA02-04 accepts); anything else in that place is not a date.
const DATE_SHAPE = /^\d{4}[-/]?\d{1,2}[-/]?\d{1,2}$/;

/**
 * Reads the text after `/freebit`. Phone numbers are taken as people type them, spaces
 * included (`+81 90 1234 5678`), so the number is whatever the subcommand's other words
 * are not. Pure: `nowMs` decides which dates are in the past (Japan time).
 */
export function parseFreebitCommand(text: string, nowMs: number): FreebitCommand {
  const words = text.normalize('NFKC').trim().split(/\s+/).filter((word) => word !== '');
  const [first, ...rest] = words;
  if (first === undefined) return { kind: 'picker' };

  const subcommand = first.toLowerCase();
  if (!isSubcommand(subcommand)) {
    // A word that starts with a letter was meant as a subcommand; anything else as a number.
    if (/^\p{L}/u.test(first)) return invalid({ kind: 'unknown_subcommand', word: first });
    return phoneOrProblem(words, (phone) => ({ kind: 'lookup', phone }));
  }

  switch (subcommand) {
    case 'help':
      return { kind: 'help' };
    case 'lookup':
      if (rest.length === 0) return invalid({ kind: 'phone_missing', subcommand });
      return phoneOrProblem(rest, (phone) => ({ kind: 'lookup', phone }));
    case 'history':
      if (rest.length === 0) return invalid({ kind: 'phone_missing', subcommand });
      return phoneOrProblem(rest, (phone) => ({ kind: 'history', phone }));
    case 'access-log':
      return readAccessLog(rest);
    case 'register':
      if (rest.length === 0) return { kind: 'register' };
      return phoneOrProblem(rest, (phone) => ({ kind: 'register', phone }));
    case 'cancel':
      return readCancel(rest, nowMs);
    case 'contract':
      return readContract(rest);
  }
}

function readCancel(rest: string[], nowMs: number): FreebitCommand {
  if (rest.length === 0) return invalid({ kind: 'phone_missing', subcommand: 'cancel' });
  const whole = parsePhoneNumber(rest.join(' '));
  if (whole.ok) return { kind: 'cancel', phone: whole.phone };

  const dateWord = rest.at(-1)!;
  const head = rest.slice(0, -1);
  const phone = head.length > 0 ? parsePhoneNumber(head.join(' ')) : undefined;
  // Only when the words before it are a number is the last word read as the date.
  if (!phone?.ok) return invalid({ kind: 'phone_invalid', input: rest.join(' '), reason: whole.reason });
  if (!DATE_SHAPE.test(dateWord)) return invalid({ kind: 'date_invalid', input: dateWord });
  const date = parseFutureDate(dateWord, nowMs);
  if (!date.ok) return invalid({ kind: date.reason === 'in_the_past' ? 'date_in_past' : 'date_invalid', input: dateWord });
  return { kind: 'cancel', phone: phone.phone, runDate: date.date };
}

function readAccessLog(rest: string[]): FreebitCommand {
  const csv = rest.at(-1)?.toLowerCase() === 'csv';
  const words = csv ? rest.slice(0, -1) : rest;
  if (words.length === 0) return invalid({ kind: 'target_missing' });
  const person = words.length === 1 ? PERSON.exec(words[0]!) : null;
  if (person) return { kind: 'access_log', target: { userId: (person[1] ?? person[2])! }, csv };
  return phoneOrProblem(words, (phone) => ({ kind: 'access_log', target: { phone }, csv }));
}

function readContract(rest: string[]): FreebitCommand {
  if (rest.length === 0) return invalid({ kind: 'phone_missing', subcommand: 'contract' });
  // The line type may come last (`contract 090… 5G`, as documented) or first (`contract 5G 090…`).
  for (const [lineWord, phoneWords] of [
    [rest.at(-1)!, rest.slice(0, -1)],
    [rest[0]!, rest.slice(1)],
  ] as const) {
    const contractLine = parseContractLine(lineWord);
    if (!contractLine) continue;
    if (phoneWords.length === 0) return invalid({ kind: 'phone_missing', subcommand: 'contract' });
    return phoneOrProblem(phoneWords, (phone) => ({ kind: 'contract', phone, contractLine }));
  }
  if (parsePhoneNumber(rest.join(' ')).ok) return invalid({ kind: 'contract_line_missing' });
  const head = rest.slice(0, -1);
  if (head.length > 0 && parsePhoneNumber(head.join(' ')).ok) return invalid({ kind: 'contract_line_invalid', input: rest.at(-1)! });
  const whole = parsePhoneNumber(rest.join(' '));
  return invalid({ kind: 'phone_invalid', input: rest.join(' '), reason: whole.ok ? 'not_a_number' : whole.reason });
}

function phoneOrProblem(words: string[], then: (phone: PhoneNumber) => FreebitCommand): FreebitCommand {
  const input = words.join(' ');
  const parsed = parsePhoneNumber(input);
  return parsed.ok ? then(parsed.phone) : invalid({ kind: 'phone_invalid', input, reason: parsed.reason });
}

function isSubcommand(word: string): word is Subcommand {
  return (SUBCOMMANDS as readonly string[]).includes(word);
}

function invalid(problem: CommandProblem): FreebitCommand {
  return { kind: 'invalid', problem };
}
