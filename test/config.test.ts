import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { describeConfigProblems, loadConfig, SECRET_VARIABLES } from '../src/config.js';

const MINIMAL = { SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_SIGNING_SECRET: 'signing-secret' };

function problemsOf(env: Record<string, string>): string[] {
  const result = loadConfig(env);
  if (result.ok) throw new Error('expected problems');
  return result.problems;
}

describe('configuration', () => {
  test('two variables are enough: everything else has the documented default', () => {
    const result = loadConfig(MINIMAL);
    expect(result).toEqual({
      ok: true,
      config: {
        slack: { botToken: 'xoxb-1-2-abc', appToken: undefined, signingSecret: 'signing-secret', apiUrl: undefined },
        port: 3000,
        freebit: {
          baseUrl: undefined,
          oemId: undefined,
          oemKey: undefined,
          detailPath: '/master/getAcnt/',
          timeoutMs: 8000,
          planCodes: ['LTE3G_P01'],
        },
        sandbox: { timeScale: 1 },
        storeUrl: 'sqlite://data/freebit-ops.sqlite',
        approvals: {
          channelId: undefined,
          approverUserIds: [],
          approverUsergroupId: undefined,
          requesterUsergroupId: undefined,
          allowedChannelIds: [],
          required: { cancel: 1, contract: 1, register: 1 },
          bulkRequired: {},
          ttlMs: 86_400_000,
          remindAfterMs: 1_800_000,
        },
        bulkMaxLines: 100,
        access: {
          lookupUserIds: [],
          lookupUsergroupId: undefined,
          allowGuests: false,
          shareFullIdentifiers: false,
          shareExternalChannels: false,
          accessLogRetentionDays: 400,
          lookupMaxPerHour: 1000,
        },
        pollIntervalMs: 60_000,
        followUpDeadlineMs: 7_200_000,
        logLevel: 'info',
      },
    });
  });

  test('requests of several lines: BULK_MAX_LINES, and BULK_APPROVALS_REQUIRED read like APPROVALS_REQUIRED', () => {
    const result = loadConfig({ ...MINIMAL, BULK_MAX_LINES: '40', BULK_APPROVALS_REQUIRED: 'cancel=2' });
    expect(result.ok && result.config.bulkMaxLines).toBe(40);
    expect(result.ok && result.config.approvals.bulkRequired).toEqual({ cancel: 2 });
    expect(problemsOf({ ...MINIMAL, BULK_MAX_LINES: '1', BULK_APPROVALS_REQUIRED: 'suspend=2' })).toEqual([
      expect.stringMatching(/^BULK_APPROVALS_REQUIRED must be a list like cancel=2/),
      expect.stringMatching(/^BULK_MAX_LINES must be a number of lines from 2 to 150/),
    ]);
  });

  test('who may look: LOOKUP_* ids, guests and shared identifiers as switches, retention in days', () => {
    const result = loadConfig({
      ...MINIMAL,
      LOOKUP_USER_IDS: 'U0AAA1,W0BBB2',
      LOOKUP_USERGROUP_ID: 'S0LOOK1',
      ALLOW_GUESTS: 'TRUE',
      SHARE_FULL_IDENTIFIERS: 'false',
      SHARE_EXTERNAL_CHANNELS: 'true',
      ACCESS_LOG_RETENTION_DAYS: '30',
      LOOKUP_MAX_PER_HOUR: '400',
    });
    expect(result.ok && result.config.access).toEqual({
      lookupUserIds: ['U0AAA1', 'W0BBB2'],
      lookupUsergroupId: 'S0LOOK1',
      allowGuests: true,
      shareFullIdentifiers: false,
      shareExternalChannels: true,
      accessLogRetentionDays: 30,
      lookupMaxPerHour: 400,
    });
    expect(
      problemsOf({
        ...MINIMAL,
        ALLOW_GUESTS: 'yes',
        LOOKUP_USERGROUP_ID: 'U0NOTAGROUP',
        ACCESS_LOG_RETENTION_DAYS: '0',
        LOOKUP_MAX_PER_HOUR: '0',
      }),
    ).toEqual([
      expect.stringMatching(/^LOOKUP_USERGROUP_ID must be a user group id/),
      'ALLOW_GUESTS must be true or false',
      expect.stringMatching(/^ACCESS_LOG_RETENTION_DAYS must be a number of days/),
      expect.stringMatching(/^LOOKUP_MAX_PER_HOUR must be a number of lines/),
    ]);
  });

  test('lists are comma-separated, with spaces around commas allowed', () => {
    const result = loadConfig({ ...MINIMAL, APPROVER_USER_IDS: 'U0AAA1, U0BBB2 ,U0CCC3', FREEBIT_PLAN_CODES: 'LTE3G_P01 , LTE5G_P01' });
    expect(result.ok && result.config.approvals.approverUserIds).toEqual(['U0AAA1', 'U0BBB2', 'U0CCC3']);
    expect(result.ok && result.config.freebit.planCodes).toEqual(['LTE3G_P01', 'LTE5G_P01']);
  });

  test('APPROVALS_REQUIRED names the operations that need more than one approver', () => {
    const result = loadConfig({ ...MINIMAL, APPROVALS_REQUIRED: 'cancel=2, register=3' });
    expect(result.ok && result.config.approvals.required).toEqual({ cancel: 2, contract: 1, register: 3 });
  });

  test('APPROVAL_REMIND_AFTER_MS: milliseconds, 0 for no reminder; anything else is a problem that says what to type', () => {
    const remindAfter = (value: string) => {
      const result = loadConfig({ ...MINIMAL, APPROVAL_REMIND_AFTER_MS: value });
      return result.ok ? result.config.approvals.remindAfterMs : undefined;
    };
    expect(remindAfter('0')).toBe(0);
    expect(remindAfter(' 600000 ')).toBe(600_000);
    for (const value of ['-1', '30m', '1.5', '2592000001']) {
      expect(problemsOf({ ...MINIMAL, APPROVAL_REMIND_AFTER_MS: value })).toEqual([
        'APPROVAL_REMIND_AFTER_MS must be a number of milliseconds from 0 (no reminder) to 30 days (2592000000), such as 1800000 for 30 minutes',
      ]);
    }
  });

  // Once a bug: a repeated key silently meant whichever came last.
  test('APPROVALS_REQUIRED naming an operation twice is a problem that names it', () => {
    expect(problemsOf({ ...MINIMAL, APPROVALS_REQUIRED: 'cancel=2,cancel=1' })).toEqual([
      'APPROVALS_REQUIRED names cancel more than once; give each operation one count',
    ]);
    expect(problemsOf({ ...MINIMAL, APPROVALS_REQUIRED: 'register=2, cancel=2 , register=2' })).toEqual([
      'APPROVALS_REQUIRED names register more than once; give each operation one count',
    ]);
  });

  // The store's own parser reads rediss:// (TLS) and any case of the scheme; so must the configuration.
  test.each([
    'rediss://user:pw@cache.example:6380/1',
    'REDIS://127.0.0.1:6379',
    'Rediss://cache.example:6380',
    'SQLite://data/bot.sqlite',
    'SQLITE:///var/lib/bot.sqlite',
  ])('STORE_URL %s is accepted as it is', (url) => {
    const result = loadConfig({ ...MINIMAL, STORE_URL: url });
    expect(result.ok && result.config.storeUrl).toBe(url);
  });

  test.each(['postgres://db/bot', 'redis:/127.0.0.1', 'redisss://cache.example', 'data/bot.sqlite'])('STORE_URL %s is a problem', (url) => {
    expect(problemsOf({ ...MINIMAL, STORE_URL: url })).toEqual([
      'STORE_URL must be sqlite://<file>, sqlite:///<absolute file>, redis://<host>:<port>[/<db>] or rediss://<host>:<port>[/<db>] (TLS)',
    ]);
  });

  test('SLACK_API_URL gets the trailing slash the Web API client expects', () => {
    const result = loadConfig({ ...MINIMAL, SLACK_API_URL: 'http://127.0.0.1:9999/api' });
    expect(result.ok && result.config.slack.apiUrl).toBe('http://127.0.0.1:9999/api/');
  });

  test('Socket Mode needs no signing secret', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1-A1-2-abc' }).ok).toBe(true);
  });

  test('an empty value counts as unset', () => {
    expect(problemsOf({ SLACK_BOT_TOKEN: '', SLACK_SIGNING_SECRET: 's', PORT: '' })).toEqual([
      'SLACK_BOT_TOKEN is required (the bot token, xoxb-…, from the app’s OAuth & Permissions page)',
    ]);
  });

  test('every problem is named at once', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      FREEBIT_BASE_URL: 'https://freebit.example/emptool/api',
      APPROVALS_REQUIRED: 'cancel=two',
      LOG_LEVEL: 'loud',
      APPROVER_USER_IDS: 'U0AAA1,bob',
    });
    const named = problems.map((problem) => problem.split(' ')[0]).sort();
    expect(named).toEqual(
      [
        'APPROVALS_REQUIRED',
        'APPROVER_USER_IDS',
        'FREEBIT_OEM_ID',
        'FREEBIT_OEM_KEY',
        'LOG_LEVEL',
        'PORT',
        'SLACK_BOT_TOKEN',
        'SLACK_SIGNING_SECRET',
      ].sort(),
    );
  });

  test('a secret’s value never appears in a problem', () => {
    const message = describeConfigProblems(
      problemsOf({
        SLACK_BOT_TOKEN: 'xoxp-user-token-SECRET123',
        SLACK_SIGNING_SECRET: 'has a SECRET456 space',
        FREEBIT_BASE_URL: 'https://x',
        FREEBIT_OEM_KEY: 'key with SECRET789',
      }),
    );
    expect(message).toContain('SLACK_BOT_TOKEN must be a bot token');
    expect(message).not.toMatch(/SECRET\d/);
  });

  test('the message says how many problems there are and what to do', () => {
    expect(describeConfigProblems(['A is wrong', 'B is wrong'])).toBe(
      'freebit-ops cannot start: the configuration has 2 problems:\n  - A is wrong\n  - B is wrong\nSet these in the environment or in a .env file (see README, "Environment"), then start again.\n',
    );
  });
});

describe('secrets as files (<NAME>_FILE)', () => {
  const folder = mkdtempSync(join(tmpdir(), 'freebit-ops-secrets-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  let files = 0;
  /** A secret file as Kubernetes or `echo value > file` leaves it: the value, then a newline. */
  const secretFile = (content: string) => {
    const path = join(folder, `secret-${files++}`);
    writeFileSync(path, content);
    return path;
  };

  test('every secret is read from the file its _FILE names, the trailing newline ignored', () => {
    const result = loadConfig({
      SLACK_BOT_TOKEN_FILE: secretFile('xoxb-from-a-file\n'),
      SLACK_APP_TOKEN_FILE: secretFile('xapp-1-A1-from-a-file\r\n'),
      SLACK_SIGNING_SECRET_FILE: secretFile('signing-secret-from-a-file\n'),
      FREEBIT_BASE_URL: 'https://freebit.example/emptool/api',
      FREEBIT_OEM_ID: 'OEM1',
      FREEBIT_OEM_KEY_FILE: secretFile('oem-key-from-a-file\n'),
      STORE_URL_FILE: secretFile('redis://:p4ss-from-a-file@redis.example:6379/2\n'),
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.slack).toMatchObject({
      botToken: 'xoxb-from-a-file',
      appToken: 'xapp-1-A1-from-a-file',
      signingSecret: 'signing-secret-from-a-file',
    });
    expect(result.config.freebit.oemKey).toBe('oem-key-from-a-file');
    expect(result.config.storeUrl).toBe('redis://:p4ss-from-a-file@redis.example:6379/2');
  });

  test('FREEBIT_OEM_KEY_FILE counts as the key FREEBIT_BASE_URL requires', () => {
    const result = loadConfig({
      ...MINIMAL,
      FREEBIT_BASE_URL: 'https://freebit.example/emptool/api',
      FREEBIT_OEM_ID: 'OEM1',
      FREEBIT_OEM_KEY_FILE: secretFile('k3y\n'),
    });
    expect(result.ok && result.config.freebit.oemKey).toBe('k3y');
  });

  test.each(SECRET_VARIABLES)('%s and %s_FILE both set is refused, naming both', (name) => {
    const direct =
      name === 'STORE_URL'
        ? 'redis://127.0.0.1:6379'
        : name === 'SLACK_APP_TOKEN'
          ? 'xapp-1-direct'
          : name === 'SLACK_BOT_TOKEN'
            ? 'xoxb-direct'
            : 'direct-value';
    const problems = problemsOf({ ...MINIMAL, [name]: direct, [`${name}_FILE`]: secretFile(`${direct}\n`) });
    expect(problems).toEqual([`${name} and ${name}_FILE are both set: set only one of them (${name}_FILE names a file holding the value)`]);
  });

  test('a file that cannot be read is a problem naming the variable and the path, and nothing else about it', () => {
    const missing = join(folder, 'no-such-secret');
    expect(problemsOf({ SLACK_BOT_TOKEN_FILE: missing, SLACK_SIGNING_SECRET: 's' })).toEqual([
      `SLACK_BOT_TOKEN_FILE names a file that cannot be read (${missing}: ENOENT)`,
    ]);
    // A folder where the file was expected (a secret mounted as a directory by mistake).
    expect(problemsOf({ ...MINIMAL, FREEBIT_BASE_URL: 'https://x.example', FREEBIT_OEM_ID: 'O', FREEBIT_OEM_KEY_FILE: folder })).toEqual([
      `FREEBIT_OEM_KEY_FILE names a file that cannot be read (${folder}: EISDIR)`,
    ]);
  });

  test.skipIf(process.getuid?.() === 0)('a file the bot may not read is named with the reason (EACCES)', () => {
    const path = secretFile('xoxb-unreadable\n');
    chmodSync(path, 0o000);
    expect(problemsOf({ SLACK_BOT_TOKEN_FILE: path, SLACK_SIGNING_SECRET: 's' })).toEqual([
      `SLACK_BOT_TOKEN_FILE names a file that cannot be read (${path}: EACCES)`,
    ]);
  });

  test('an empty file is a problem, not an unset variable', () => {
    const path = secretFile('\n');
    expect(problemsOf({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET_FILE: path })).toEqual([
      `SLACK_SIGNING_SECRET_FILE names an empty file (${path})`,
    ]);
  });

  test('a value from a file is checked like any other, and the problem says where it came from without its content', () => {
    const message = describeConfigProblems(
      problemsOf({ SLACK_BOT_TOKEN_FILE: secretFile('xoxp-user-token-SECRET123\n'), SLACK_SIGNING_SECRET: 's' }),
    );
    expect(message).toContain('SLACK_BOT_TOKEN (read from SLACK_BOT_TOKEN_FILE) must be a bot token');
    expect(message).not.toContain('SECRET123');
  });
});
