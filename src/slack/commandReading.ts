import { parsePhoneList, parsePhoneNumber, type PhoneNumber } from '../phone.js';
import { esc, quoted, type Catalog, type Mrkdwn, type PhoneProblem } from './i18n/index.js';

/** What was wrong with `/freebit <text>` (the parser's own answer: commandText.ts, and each operation's `readCommand`). */
export type CommandProblem =
  | { kind: 'unknown_subcommand'; word: string }
  | { kind: 'phone_missing'; subcommand: string }
  | { kind: 'phone_invalid'; input: string; reason: PhoneProblem }
  | { kind: 'date_invalid'; input: string }
  | { kind: 'date_in_past'; input: string }
  | { kind: 'contract_line_missing' }
  | { kind: 'contract_line_invalid'; input: string }
  | { kind: 'target_missing' };

/** An operation's arguments after its subcommand, read: what its form is pre-filled with, or what was wrong. */
export type CommandReading<Prefill> = { ok: true; prefill: Prefill } | { ok: false; problem: CommandProblem };

export const problem = (problem: CommandProblem): { ok: false; problem: CommandProblem } => ({ ok: false, problem });

/** The arguments as one phone number, or why they are not one. */
export function phoneOrProblem<T>(args: readonly string[], then: (phone: PhoneNumber) => CommandReading<T>): CommandReading<T> {
  const input = args.join(' ');
  const parsed = parsePhoneNumber(input);
  return parsed.ok ? then(parsed.phone) : problem({ kind: 'phone_invalid', input, reason: parsed.reason });
}

/** What an operation's arguments may name: one number, or several (one request for many lines). */
export type Numbers = { phone: PhoneNumber } | { phones: PhoneNumber[] };

/**
 * The arguments as one number or several (`parsePhoneList`: apart by spaces or commas, each once), or
 * why they are not. How many one request may carry is the form's to say, once it is submitted.
 */
export function numbersOrProblem<T>(args: readonly string[], then: (numbers: Numbers) => CommandReading<T>): CommandReading<T> {
  const read = readNumbers(args);
  return 'problem' in read ? problem(read.problem) : then(read);
}

/** The arguments as numbers (at least one), or the problem with the first that is none, as written. */
export function readNumbers(args: readonly string[]): Numbers | { problem: CommandProblem } {
  const input = args.join(' ');
  const read = parsePhoneList(input, Number.POSITIVE_INFINITY);
  if (!read.ok && read.reason === 'malformed')
    return { problem: { kind: 'phone_invalid', input: read.malformed[0]!.input, reason: read.malformed[0]!.reason } };
  const phones = read.ok ? read.phones : [];
  if (phones.length === 0) return { problem: { kind: 'phone_invalid', input, reason: 'empty' } };
  return phones.length === 1 ? { phone: phones[0]! } : { phones };
}

/** The problem in the asker's words; what they typed is quoted back, shortened and inert. */
export function commandProblemText(t: Catalog, said: CommandProblem): Mrkdwn {
  const words = t.commandProblems;
  switch (said.kind) {
    case 'unknown_subcommand':
      return words.unknownSubcommand(quoted(said.word));
    case 'phone_missing':
      return words.phoneMissing(esc(said.subcommand));
    case 'target_missing':
      return words.targetMissing;
    case 'phone_invalid':
      return words.phoneInvalid(quoted(said.input), t.phoneProblems[said.reason]);
    case 'date_invalid':
      return words.dateInvalid(quoted(said.input));
    case 'date_in_past':
      return words.dateInPast(quoted(said.input));
    case 'contract_line_missing':
      return words.contractLineMissing;
    case 'contract_line_invalid':
      return words.contractLineInvalid(quoted(said.input));
  }
}
