import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import type { LogLevel } from './logger.js';
import { OPERATION_NAMES, type OperationName } from './workflow/operations/index.js';

/**
 * The one reader of the environment (docs/runtime-contract.md). Every variable is
 * checked on its own so that one start-up names every problem at once, and no value of a
 * secret ever appears in a problem: only the variable's name and what is expected.
 */

/**
 * The operations a second person must approve, by their `/freebit` names: the
 * workflow registry's names (read from the registry alone, which is light: the environment is
 * checked without loading the rest of the workflow or the Freebit client).
 */
export const GATED_OPERATIONS = OPERATION_NAMES;
export type GatedOperation = OperationName;

export interface Config {
  slack: {
    botToken: string;
    /** Set: Socket Mode; unset: HTTP mode. */
    appToken?: string;
    /** Required in HTTP mode; Socket Mode does not sign requests. */
    signingSecret?: string;
    /** Always ends with `/` (the Web API client appends method names). */
    apiUrl?: string;
  };
  port: number;
  freebit: {
    /** Unset: the embedded sandbox runs in-process and every message says SANDBOX. */
    baseUrl?: string;
    oemId?: string;
    oemKey?: string;
    detailPath: string;
    timeoutMs: number;
    planCodes: string[];
  };
  sandbox: { timeScale: number };
  storeUrl: string;
  approvals: {
    channelId?: string;
    approverUserIds: string[];
    approverUsergroupId?: string;
    requesterUsergroupId?: string;
    allowedChannelIds: string[];
    required: Record<GatedOperation, number>;
    /** BULK_APPROVALS_REQUIRED: for a request of several lines; an operation left out needs its `required`. */
    bulkRequired: Partial<Record<GatedOperation, number>>;
    ttlMs: number;
    /** APPROVAL_REMIND_AFTER_MS: one reminder in a pending request's thread after this long; 0: none. */
    remindAfterMs: number;
  };
  /** BULK_MAX_LINES: most lines one request may carry. */
  bulkMaxLines: number;
  /** Who may see a customer's line (README.md, "Who may see a line, and the access log"). */
  access: {
    /** LOOKUP_USER_IDS / LOOKUP_USERGROUP_ID: both unset means anyone in the workspace may look. */
    lookupUserIds: string[];
    lookupUsergroupId?: string;
    /** ALLOW_GUESTS: Slack's restricted and ultra-restricted users may look and ask. */
    allowGuests: boolean;
    /** SHARE_FULL_IDENTIFIERS: a card shared in a channel shows the IMSI and the whole ICCID. */
    shareFullIdentifiers: boolean;
    /** SHARE_EXTERNAL_CHANNELS: Share in channel and approval messages are allowed in channels shared with another organisation (Slack Connect). */
    shareExternalChannels: boolean;
    /** ACCESS_LOG_RETENTION_DAYS: how long each lookup is remembered. */
    accessLogRetentionDays: number;
    /** LOOKUP_MAX_PER_HOUR: distinct lines one person may look at in a rolling hour, every surface counted. */
    lookupMaxPerHour: number;
  };
  pollIntervalMs: number;
  /** After an accepted change is due, how long Freebit gets before its follow-up says it is stuck. */
  followUpDeadlineMs: number;
  /** HISTORY_RETENTION_DAYS: finished requests and their audit trail older than this are deleted; unset: kept forever. */
  historyRetentionDays?: number;
  logLevel: LogLevel;
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

export type Environment = Readonly<Record<string, string | undefined>>;

const DEFAULTS = {
  PORT: 3000,
  FREEBIT_DETAIL_PATH: '/master/getAcnt/',
  FREEBIT_TIMEOUT_MS: 8_000,
  FREEBIT_PLAN_CODES: ['LTE3G_P01'],
  STORE_URL: 'sqlite://data/freebit-ops.sqlite',
  APPROVAL_TTL_MS: 24 * 60 * 60 * 1000,
  APPROVAL_REMIND_AFTER_MS: 30 * 60 * 1000,
  POLL_INTERVAL_MS: 60_000,
  FOLLOW_UP_DEADLINE_MS: 2 * 60 * 60 * 1000,
  LOG_LEVEL: 'info' as LogLevel,
  SANDBOX_TIME_SCALE: 1,
  ACCESS_LOG_RETENTION_DAYS: 400,
  // Two 150-line requests, their checks and the re-checks of another's two (600 lines) and a day's
  // cards fit well under it; a script at the bot's pre-flight pace (20 lines a second) meets it within a minute.
  LOOKUP_MAX_PER_HOUR: 1_000,
  BULK_MAX_LINES: 100,
};

// A problem is worded by us, never by echoing the value: several of these hold secrets
// (tokens, the OEM key, a Redis URL with a password).
const slackId = (prefixes: string, what: string) => z.string().regex(new RegExp(`^[${prefixes}][A-Z0-9]{2,}$`), `must be ${what}`);

const wholeNumber = (min: number, max: number, what: string) =>
  z
    .string()
    .regex(/^\d+$/, `must be ${what}`)
    .transform(Number)
    .pipe(z.number().int().min(min, `must be ${what}`).max(max, `must be ${what}`));

const list = (item: z.ZodType<string, string>) =>
  z
    .string()
    .transform((text) =>
      text
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part !== ''),
    )
    .pipe(z.array(item));

const httpUrl = (what: string) =>
  z.string().refine((text) => {
    try {
      const url = new URL(text);
      return url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      return false;
    }
  }, `must be ${what}`);

const yesOrNo = z
  .string()
  .transform((text) => text.trim().toLowerCase())
  .pipe(z.enum(['true', 'false'], 'must be true or false'))
  .transform((text) => text === 'true');

const approvalsRequired = z.string().transform((text, context) => {
  const required: Partial<Record<GatedOperation, number>> = {};
  for (const part of text
    .split(',')
    .map((each) => each.trim())
    .filter((each) => each !== '')) {
    const match = /^([a-z]+)\s*=\s*(\d+)$/.exec(part);
    const operation = match?.[1] as GatedOperation | undefined;
    const count = Number(match?.[2]);
    if (!match || !operation || !GATED_OPERATIONS.includes(operation) || count < 1 || count > 10) {
      context.addIssue({
        code: 'custom',
        message: `must be a list like cancel=2,register=2 (operations: ${GATED_OPERATIONS.join(', ')}; counts 1 to 10); "${part}" is not`,
      });
      return z.NEVER;
    }
    if (required[operation] !== undefined) {
      // cancel=2,cancel=1 must not quietly mean whichever came last.
      context.addIssue({ code: 'custom', message: `names ${operation} more than once; give each operation one count` });
      return z.NEVER;
    }
    required[operation] = count;
  }
  return required;
});

/** One entry per variable: how to read it, and the problem's wording when it is absent but needed. */
const VARIABLES = {
  SLACK_BOT_TOKEN: z.string().startsWith('xoxb-', 'must be a bot token (it starts with xoxb-)'),
  SLACK_APP_TOKEN: z.string().startsWith('xapp-', 'must be an app-level token (it starts with xapp-)'),
  SLACK_SIGNING_SECRET: z.string().regex(/^\S+$/, 'must be the app’s signing secret (no spaces)'),
  PORT: wholeNumber(0, 65_535, 'a port number from 0 to 65535'),
  SLACK_API_URL: httpUrl('an http(s) URL such as https://slack.com/api/'),
  FREEBIT_BASE_URL: httpUrl('an http(s) URL such as https://<host>/emptool/api'),
  FREEBIT_OEM_ID: z.string().regex(/^\S+$/, 'must be the OEM id Freebit gave you (no spaces)'),
  FREEBIT_OEM_KEY: z.string().regex(/^\S+$/, 'must be the OEM key Freebit gave you (no spaces)'),
  FREEBIT_DETAIL_PATH: z.string().regex(/^\/\S*$/, 'must be a path starting with / such as /master/getAcnt/'),
  FREEBIT_TIMEOUT_MS: wholeNumber(100, 120_000, 'a number of milliseconds from 100 to 120000'),
  FREEBIT_PLAN_CODES: list(
    z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be plan codes separated by commas (letters, digits, _ . -)'),
  ).pipe(z.array(z.string()).min(1, 'must name at least one plan code').max(100, 'can offer at most 100 plans (a Slack menu holds 100)')),
  // The same schemes the store's parser (src/store/open.ts) reads: rediss:// is Redis over TLS; URL schemes are case-insensitive.
  STORE_URL: z
    .string()
    .regex(
      /^(sqlite:\/\/.+|rediss?:\/\/.+)$/i,
      'must be sqlite://<file>, sqlite:///<absolute file>, redis://<host>:<port>[/<db>] or rediss://<host>:<port>[/<db>] (TLS)',
    ),
  APPROVAL_CHANNEL_ID: slackId('CG', 'a channel id such as C0123456789'),
  APPROVER_USER_IDS: list(slackId('UW', 'user ids such as U0123456789, separated by commas')),
  APPROVER_USERGROUP_ID: slackId('S', 'a user group id such as S0123456789'),
  REQUESTER_USERGROUP_ID: slackId('S', 'a user group id such as S0123456789'),
  ALLOWED_CHANNEL_IDS: list(slackId('CGD', 'channel ids such as C0123456789, separated by commas')),
  APPROVALS_REQUIRED: approvalsRequired,
  BULK_APPROVALS_REQUIRED: approvalsRequired,
  // 150: what every way of asking holds (the number field's 3000 characters, a shortcut button's 2000).
  BULK_MAX_LINES: wholeNumber(2, 150, 'a number of lines from 2 to 150 (what one Slack form holds)'),
  APPROVAL_TTL_MS: wholeNumber(1, 30 * 24 * 60 * 60 * 1000, 'a number of milliseconds from 1 to 30 days (2592000000)'),
  APPROVAL_REMIND_AFTER_MS: wholeNumber(
    0,
    30 * 24 * 60 * 60 * 1000,
    'a number of milliseconds from 0 (no reminder) to 30 days (2592000000), such as 1800000 for 30 minutes',
  ),
  LOOKUP_USER_IDS: list(slackId('UW', 'user ids such as U0123456789, separated by commas')),
  LOOKUP_USERGROUP_ID: slackId('S', 'a user group id such as S0123456789'),
  ALLOW_GUESTS: yesOrNo,
  SHARE_FULL_IDENTIFIERS: yesOrNo,
  SHARE_EXTERNAL_CHANNELS: yesOrNo,
  ACCESS_LOG_RETENTION_DAYS: wholeNumber(1, 36_500, 'a number of days from 1 to 36500'),
  LOOKUP_MAX_PER_HOUR: wholeNumber(1, 100_000, 'a number of lines from 1 to 100000'),
  HISTORY_RETENTION_DAYS: wholeNumber(1, 36_500, 'a number of days from 1 to 36500'),
  POLL_INTERVAL_MS: wholeNumber(100, 24 * 60 * 60 * 1000, 'a number of milliseconds of at least 100'),
  FOLLOW_UP_DEADLINE_MS: wholeNumber(1_000, 30 * 24 * 60 * 60 * 1000, 'a number of milliseconds from 1000 to 30 days (2592000000)'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error'], 'must be one of debug, info, warn, error'),
  SANDBOX_TIME_SCALE: z
    .string()
    .regex(/^\d+(\.\d+)?$/, 'must be a positive number (1 = real time, 60 = a minute per second)')
    .transform(Number)
    .pipe(z.number().positive('must be a positive number (1 = real time, 60 = a minute per second)')),
} satisfies Record<string, z.ZodType<unknown, string>>;

type Name = keyof typeof VARIABLES;
type Values = { [K in Name]?: z.output<(typeof VARIABLES)[K]> };

/**
 * The variables that hold a secret, each of which may instead be given as `<NAME>_FILE`: the
 * path of a file holding the value (a mounted Kubernetes or Docker secret), the convention of
 * the official database images. STORE_URL holds one when it carries a Redis password.
 */
export const SECRET_VARIABLES = [
  'SLACK_BOT_TOKEN',
  'SLACK_APP_TOKEN',
  'SLACK_SIGNING_SECRET',
  'FREEBIT_OEM_KEY',
  'STORE_URL',
] as const satisfies readonly Name[];
type SecretName = (typeof SECRET_VARIABLES)[number];
const fileVariable = (name: SecretName) => `${name}_FILE` as const;

/** Every variable the bot reads (the README's table lists each), the `_FILE` forms included. */
export const CONFIG_VARIABLES: readonly string[] = [...Object.keys(VARIABLES), ...SECRET_VARIABLES.map(fileVariable)];

/** Reads a secret's file; injected by tests. Synchronous: the configuration is read once, at start. */
export type SecretFileReader = (path: string) => string;
const readSecretFile: SecretFileReader = (path) => readFileSync(path, 'utf8');

/**
 * The raw text of a variable: its own value, or the content of the file its `_FILE` names (the
 * trailing newline that editors and `echo` add taken off). A problem names the variables and
 * the path, never the content.
 */
function rawValue(env: Environment, name: Name, readFile: SecretFileReader): { raw?: string; from?: string; problem?: string } {
  // `FOO=` in a .env file means "not set", as with most tools.
  const direct = env[name]?.trim() || undefined;
  if (!(SECRET_VARIABLES as readonly string[]).includes(name)) return { raw: direct };
  const fileName = fileVariable(name as SecretName);
  const path = env[fileName]?.trim() || undefined;
  if (path === undefined) return { raw: direct };
  if (direct !== undefined)
    return { problem: `${name} and ${fileName} are both set: set only one of them (${fileName} names a file holding the value)` };
  let content: string;
  try {
    content = readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    return { problem: `${fileName} names a file that cannot be read (${path}: ${code})` };
  }
  const raw = content.replace(/(\r?\n)+$/, '').trim();
  if (raw === '') return { problem: `${fileName} names an empty file (${path})` };
  return { raw, from: fileName };
}

/** Reads and checks the environment (and the secrets' files it names); never throws, never prints. */
export function loadConfig(env: Environment, readFile: SecretFileReader = readSecretFile): ConfigResult {
  const problems: string[] = [];
  const values: Values = {};
  /** Set, but not usable: not also "required". */
  const invalid = new Set<string>();
  for (const name of Object.keys(VARIABLES) as Name[]) {
    const { raw, from, problem } = rawValue(env, name, readFile);
    if (problem !== undefined) {
      problems.push(problem);
      invalid.add(name);
    }
    if (raw === undefined) continue;
    const parsed = VARIABLES[name].safeParse(raw);
    if (parsed.success) (values as Record<string, unknown>)[name] = parsed.data;
    else {
      problems.push(`${name}${from ? ` (read from ${from})` : ''} ${firstMessage(parsed.error)}`);
      invalid.add(name);
    }
  }
  const missing = (name: Name, why: string) => {
    if (values[name] === undefined && !invalid.has(name)) problems.push(`${name} is required ${why}`);
  };

  missing('SLACK_BOT_TOKEN', '(the bot token, xoxb-…, from the app’s OAuth & Permissions page)');
  if (values.SLACK_APP_TOKEN === undefined && !invalid.has('SLACK_APP_TOKEN')) {
    missing('SLACK_SIGNING_SECRET', 'in HTTP mode (Basic Information → Signing Secret), or set SLACK_APP_TOKEN for Socket Mode');
  }
  if (values.FREEBIT_BASE_URL !== undefined || invalid.has('FREEBIT_BASE_URL')) {
    missing('FREEBIT_OEM_ID', 'when FREEBIT_BASE_URL is set');
    missing('FREEBIT_OEM_KEY', 'when FREEBIT_BASE_URL is set');
  }
  if (problems.length > 0) return { ok: false, problems };

  const required = Object.fromEntries(GATED_OPERATIONS.map((operation) => [operation, values.APPROVALS_REQUIRED?.[operation] ?? 1]));
  const apiUrl = values.SLACK_API_URL;
  return {
    ok: true,
    config: {
      slack: {
        botToken: values.SLACK_BOT_TOKEN!,
        appToken: values.SLACK_APP_TOKEN,
        signingSecret: values.SLACK_SIGNING_SECRET,
        apiUrl: apiUrl === undefined ? undefined : apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`,
      },
      port: values.PORT ?? DEFAULTS.PORT,
      freebit: {
        baseUrl: values.FREEBIT_BASE_URL,
        oemId: values.FREEBIT_OEM_ID,
        oemKey: values.FREEBIT_OEM_KEY,
        detailPath: values.FREEBIT_DETAIL_PATH ?? DEFAULTS.FREEBIT_DETAIL_PATH,
        timeoutMs: values.FREEBIT_TIMEOUT_MS ?? DEFAULTS.FREEBIT_TIMEOUT_MS,
        planCodes: [...new Set(values.FREEBIT_PLAN_CODES ?? DEFAULTS.FREEBIT_PLAN_CODES)],
      },
      sandbox: { timeScale: values.SANDBOX_TIME_SCALE ?? DEFAULTS.SANDBOX_TIME_SCALE },
      storeUrl: values.STORE_URL ?? DEFAULTS.STORE_URL,
      approvals: {
        channelId: values.APPROVAL_CHANNEL_ID,
        approverUserIds: values.APPROVER_USER_IDS ?? [],
        approverUsergroupId: values.APPROVER_USERGROUP_ID,
        requesterUsergroupId: values.REQUESTER_USERGROUP_ID,
        allowedChannelIds: values.ALLOWED_CHANNEL_IDS ?? [],
        required: required as Record<GatedOperation, number>,
        bulkRequired: values.BULK_APPROVALS_REQUIRED ?? {},
        ttlMs: values.APPROVAL_TTL_MS ?? DEFAULTS.APPROVAL_TTL_MS,
        remindAfterMs: values.APPROVAL_REMIND_AFTER_MS ?? DEFAULTS.APPROVAL_REMIND_AFTER_MS,
      },
      access: {
        lookupUserIds: values.LOOKUP_USER_IDS ?? [],
        lookupUsergroupId: values.LOOKUP_USERGROUP_ID,
        allowGuests: values.ALLOW_GUESTS ?? false,
        shareFullIdentifiers: values.SHARE_FULL_IDENTIFIERS ?? false,
        shareExternalChannels: values.SHARE_EXTERNAL_CHANNELS ?? false,
        accessLogRetentionDays: values.ACCESS_LOG_RETENTION_DAYS ?? DEFAULTS.ACCESS_LOG_RETENTION_DAYS,
        lookupMaxPerHour: values.LOOKUP_MAX_PER_HOUR ?? DEFAULTS.LOOKUP_MAX_PER_HOUR,
      },
      bulkMaxLines: values.BULK_MAX_LINES ?? DEFAULTS.BULK_MAX_LINES,
      pollIntervalMs: values.POLL_INTERVAL_MS ?? DEFAULTS.POLL_INTERVAL_MS,
      followUpDeadlineMs: values.FOLLOW_UP_DEADLINE_MS ?? DEFAULTS.FOLLOW_UP_DEADLINE_MS,
      ...(values.HISTORY_RETENTION_DAYS !== undefined ? { historyRetentionDays: values.HISTORY_RETENTION_DAYS } : {}),
      logLevel: values.LOG_LEVEL ?? DEFAULTS.LOG_LEVEL,
    },
  };
}

function firstMessage(error: z.ZodError): string {
  return error.issues[0]?.message ?? 'is not valid';
}

/** The one message a person reads when the bot refuses to start (exit status 2). */
export function describeConfigProblems(problems: readonly string[]): string {
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  return [
    `freebit-ops cannot start: the configuration has ${count}:`,
    ...problems.map((problem) => `  - ${problem}`),
    'Set these in the environment or in a .env file (see README, "Environment"), then start again.',
    '',
  ].join('\n');
}

/**
 * docs/runtime-contract.md, "Start": a `.env` file is read when present and never overrides a variable that is
 * already set (Node's own loader keeps variables already in the environment).
 */
export function loadDotEnv(path = '.env'): boolean {
  if (!existsSync(path)) return false;
  process.loadEnvFile(path);
  return true;
}
