import type { PhoneNumber } from '../phone.js';
import type { Operation } from '../workflow/index.js';
import { phoneOrProblem, type CommandProblem, type CommandReading } from './commandReading.js';
import { OPERATION_LIST, type PrefillOf } from './changeForms/index.js';

export type { CommandProblem } from './commandReading.js';

/** A change operation's command: its form, pre-filled with what its arguments gave. */
export type OperationCommand = { [O in Operation]: { kind: O } & PrefillOf<O> }[Operation];

/** What a person asked for with `/freebit <text>` (README.md, "What a person sees"). */
export type FreebitCommand =
  | { kind: 'lookup'; phone: PhoneNumber }
  | OperationCommand
  /** The change requests for a line and what became of them. */
  | { kind: 'history'; phone: PhoneNumber }
  /** Who looked at a line, or what a person looked at (approvers only); `csv`: as a file, to the asker's DM. */
  | { kind: 'access_log'; target: AccessLogTarget; csv: boolean }
  | { kind: 'help' }
  /** Bare `/freebit`: a modal to pick the operation. */
  | { kind: 'picker' }
  | { kind: 'invalid'; problem: CommandProblem };

export type AccessLogTarget = { phone: PhoneNumber } | { userId: string };

// A person as Slack escapes a mention in a command's text (`<@U0123|sato>`), or their bare id.
const PERSON = /^(?:<@([UW][A-Z0-9]{2,})(?:\|[^>]*)?>|@?([UW][A-Z0-9]{8,}))$/;

/** The subcommands that are not change operations; each operation brings its own word. */
const READERS: Record<string, (rest: string[], nowMs: number) => FreebitCommand> = {
  help: () => ({ kind: 'help' }),
  lookup: (rest) =>
    rest.length === 0
      ? invalid({ kind: 'phone_missing', subcommand: 'lookup' })
      : commandOf(phoneOrProblem(rest, (phone) => ok({ kind: 'lookup', phone }))),
  history: (rest) =>
    rest.length === 0
      ? invalid({ kind: 'phone_missing', subcommand: 'history' })
      : commandOf(phoneOrProblem(rest, (phone) => ok({ kind: 'history', phone }))),
  'access-log': readAccessLog,
};
for (const operation of OPERATION_LIST) {
  READERS[operation.subcommand] = (rest, nowMs) =>
    commandOf(operation.readCommand(rest, nowMs), (prefill) => ({ kind: operation.operation, ...prefill }) as OperationCommand);
}

/**
 * Reads the text after `/freebit`. Phone numbers are taken as people type them, spaces
 * included (`+81 90 1234 5678`), so the number is whatever the subcommand's other arguments
 * are not. Pure: `nowMs` decides which dates are in the past (Japan time).
 */
export function parseFreebitCommand(text: string, nowMs: number): FreebitCommand {
  const args = text
    .normalize('NFKC')
    .trim()
    .split(/\s+/)
    .filter((word) => word !== '');
  const [first, ...rest] = args;
  if (first === undefined) return { kind: 'picker' };

  const read = Object.hasOwn(READERS, first.toLowerCase()) ? READERS[first.toLowerCase()] : undefined;
  if (read) return read(rest, nowMs);
  // A word that starts with a letter was meant as a subcommand; anything else as a number.
  if (/^\p{L}/u.test(first)) return invalid({ kind: 'unknown_subcommand', word: first });
  return commandOf(phoneOrProblem(args, (phone) => ok({ kind: 'lookup', phone })));
}

function readAccessLog(rest: string[]): FreebitCommand {
  const csv = rest.at(-1)?.toLowerCase() === 'csv';
  const args = csv ? rest.slice(0, -1) : rest;
  if (args.length === 0) return invalid({ kind: 'target_missing' });
  const person = args.length === 1 ? PERSON.exec(args[0]!) : null;
  if (person) return { kind: 'access_log', target: { userId: (person[1] ?? person[2])! }, csv };
  return commandOf(phoneOrProblem(args, (phone) => ok({ kind: 'access_log', target: { phone }, csv })));
}

function ok<T>(prefill: T): CommandReading<T> {
  return { ok: true, prefill };
}

function commandOf<T>(
  reading: CommandReading<T>,
  then: (prefill: T) => FreebitCommand = (prefill) => prefill as FreebitCommand,
): FreebitCommand {
  return reading.ok ? then(reading.prefill) : invalid(reading.problem);
}

function invalid(said: CommandProblem): FreebitCommand {
  return { kind: 'invalid', problem: said };
}
