/**
 * A Slack Web API double on loopback: the bot's `SLACK_API_URL` points here. It records every
 * call (method, parsed body, token), answers the way Slack does for the methods the bot uses,
 * and serves response_urls, so a test can assert what a person would have seen.
 *
 * Self-contained on purpose (node:http only): the approval demo reuses it as it is.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RateLimits, RESPONSE_URL_USES, type ForcedLimit } from './limits.js';

export { RESPONSE_URL_USES, SLACK_LIMITS, slackTimeBeside, type ForcedLimit, type Limit } from './limits.js';

export interface SlackCall {
  /** A Web API method (`chat.postMessage`), or `response_url` for a post to a response_url. */
  method: string;
  /** The parsed arguments; JSON-valued arguments (`blocks`, `view`, …) are parsed too. */
  body: Record<string, unknown>;
  /** The bearer token (or `token` argument) the call carried; undefined for response_urls. */
  token: string | undefined;
  /** For `response_url` posts: which response_url (as returned by `responseUrl()`). */
  responseUrl?: string;
  /** Milliseconds since the double started (performance.now based). */
  at: number;
  /** What the double answered (set once answered): e.g. the `ts` of a posted message. */
  answer?: Record<string, unknown>;
}

export interface SlackUser {
  id: string;
  name?: string;
  /** As Slack writes it: `en-US`, `ja-JP`. */
  locale?: string;
  /** A guest: `multi` (is_restricted) or `single` channel (is_ultra_restricted). */
  guest?: 'multi' | 'single';
}

/** A file the bot uploaded (files.uploadV2: the URL asked for, the bytes sent there, the upload completed into a channel). */
export interface UploadedFile {
  id: string;
  filename: string;
  content: string;
  channelId?: string;
  initialComment?: string;
}

export interface SlackDoubleOptions {
  /** Tokens the double accepts; anything else gets `invalid_auth`. Default: [DOUBLE_BOT_TOKEN]. */
  tokens?: string[];
  /** What auth.test says about the bot. */
  bot?: { userId?: string; botId?: string; teamId?: string };
  /** Socket Mode: the WebSocket URL apps.connections.open hands out (socketModeDouble.ts). */
  socketUrl?: string;
  /**
   * Slack's rate limits (limits.ts): enforced unless `'off'`. Off is only for a test of
   * something that cannot be about Slack's pace; never to let a bot that overuses Slack pass.
   */
  limits?: 'enforced' | 'off';
  /**
   * The double's time in milliseconds, for its rate limits (default: real time). The rig
   * passes real time plus how far the test moved the bot's clock, so a test that moves an
   * hour ahead finds Slack's windows refilled, as they would be.
   */
  now?: () => number;
}

/** A call Slack refused for going over a limit (HTTP 429), or a post to a spent response_url. */
export interface RefusedCall extends SlackCall {
  /** HTTP 429 with this `Retry-After` (seconds); undefined for a spent response_url (HTTP 404 `used_url`). */
  retryAfterS?: number;
  /** Refused because a test forced it (`rateLimit`), not because the bot went over Slack's limit. */
  forced: boolean;
}

export interface StoredMessage {
  ts: string;
  thread_ts?: string;
  text?: unknown;
  blocks?: unknown;
  metadata?: unknown;
  /** Who posted it, when not the bot (another app's message). */
  bot_id?: string;
  user?: string;
}

export const DOUBLE_BOT_TOKEN = 'xoxb-double-0000-bot-token';
/** Who auth.test says the bot is, unless `bot` says otherwise. */
export const DOUBLE_BOT = { userId: 'U0FREEBOT', botId: 'B0FREEBOT' } as const;
/** Another app installed in the same workspace: its token is accepted, and what it posts is its own (its `bot_id`), as in Slack. */
export const OTHER_APP = { token: 'xoxb-double-0000-other-app', botId: 'B0OTHERAPP', userId: 'U0OTHERAPP' } as const;
export const DOUBLE_TEAM_ID = 'T0DOUBLE';

export interface SlackDouble {
  /** e.g. `http://127.0.0.1:41234` */
  readonly url: string;
  /** What SLACK_API_URL should be: `http://127.0.0.1:41234/api/`. */
  readonly apiUrl: string;
  /** Every call so far, in order of arrival. */
  readonly calls: ReadonlyArray<SlackCall>;
  callsTo(method: string): SlackCall[];
  /** A fresh response_url served by the double (give one to each request you build). */
  responseUrl(): string;
  /** Posts made to one response_url, in order. */
  responsesTo(responseUrl: string): SlackCall[];
  /** The first call (already made or still to come) matching; rejects after `timeoutMs` naming what did arrive. */
  waitForCall(method: string, predicate?: (call: SlackCall) => boolean, options?: { timeoutMs?: number }): Promise<SlackCall>;
  /** The first post to this response_url (or the n-th with `count`). */
  waitForResponse(responseUrl: string, options?: { count?: number; timeoutMs?: number }): Promise<SlackCall>;
  /** Waits until `count` calls match; returns them. */
  waitForCalls(
    method: string,
    count: number,
    predicate?: (call: SlackCall) => boolean,
    options?: { timeoutMs?: number },
  ): Promise<SlackCall[]>;
  setUser(user: SlackUser): void;
  setUsergroup(usergroupId: string, userIds: string[]): void;
  /** The channel is shared with another organisation (Slack Connect): conversations.info says `is_ext_shared`. */
  shareExternally(channelId: string): void;
  /** The next `times` calls of `method` answer `{ ok: false, error }`. */
  failNext(method: string, error: string, times?: number): void;
  /**
   * Counting Web API calls from now (any method), the nth answers `{ ok: false, error }`, once.
   * `lands`: Slack did what was asked all the same (a message posted or updated whose poster
   * heard an error: a reply lost on the way back). `predicate`: only matching calls are counted.
   */
  failNth(n: number, options: { error: string; lands?: boolean; predicate?: (call: SlackCall) => boolean }): void;
  /** Web API calls counted since the last `failNth`, and the one it failed (once it did). */
  readonly nth: { calls: number; fired?: { n: number; method: string; lands: boolean } };
  /** Calls of `method` are answered `ms` later (a slow Slack). */
  delay(method: string, ms: number): void;
  /**
   * The next call of `method` (matching `predicate`; `response_url` for a post to one) is never answered: the caller waits until
   * it gives up or dies. `lands`: whether Slack did what was asked all the same (a message
   * posted whose `ts` its poster never heard), or not (the call never got through).
   */
  hold(method: string, options: { lands: boolean; predicate?: (call: SlackCall) => boolean }): void;
  /**
   * From now, for `forMs`, every call of `method` (only those to `channel` if given) is
   * answered HTTP 429 `ratelimited` with `Retry-After: retryAfterS` (default: the seconds left).
   * Works whether or not the limits are enforced.
   */
  rateLimit(method: string, options: ForcedLimit): void;
  /** Every call refused so far (429s, forced or not, and spent response_urls), in order; not in `calls`. */
  readonly refused: ReadonlyArray<RefusedCall>;
  /** How many calls were refused (of `method` if given); `forced: false` counts only Slack's own limits being hit. */
  refusedCount(method?: string, options?: { forced?: boolean }): number;
  /** The first refused call of `method` (matching `predicate`), already answered or still to come. */
  waitForRefusal(method: string, predicate?: (call: RefusedCall) => boolean, options?: { timeoutMs?: number }): Promise<RefusedCall>;
  /** Switches Slack's limits on or off (forced 429s still apply): off only for tests unrelated to Slack's pace. */
  enforceLimits(enforced: boolean): void;
  /** The messages of a channel as Slack keeps them (posts, with their updates and metadata), oldest first. */
  messagesIn(channel: string): ReadonlyArray<StoredMessage>;
  /** Every file uploaded so far. */
  uploadedFiles(): UploadedFile[];
  clear(): void;
  close(): Promise<void>;
}

const JSON_ARGUMENTS = new Set(['blocks', 'attachments', 'view', 'metadata', 'unfurls', 'user_auth_blocks', 'files']);

export async function startSlackDouble(options: SlackDoubleOptions = {}): Promise<SlackDouble> {
  const tokens = new Set([...(options.tokens ?? [DOUBLE_BOT_TOKEN]), OTHER_APP.token]);
  const bot = { ...DOUBLE_BOT, teamId: DOUBLE_TEAM_ID, ...options.bot };
  const calls: SlackCall[] = [];
  const listeners = new Set<() => void>();
  const users = new Map<string, SlackUser>();
  const usergroups = new Map<string, string[]>();
  const failures = new Map<string, string[]>();
  let nthFault: { n: number; error: string; lands: boolean; predicate?: (call: SlackCall) => boolean; done: boolean } | undefined;
  const nth: { calls: number; fired?: { n: number; method: string; lands: boolean } } = { calls: 0 };
  const delays = new Map<string, number>();
  const holds: Array<{ method: string; lands: boolean; predicate?: (call: SlackCall) => boolean }> = [];
  const held: ServerResponse[] = [];
  const messages = new Map<string, StoredMessage[]>();
  const files = new Map<string, UploadedFile>();
  const externalChannels = new Set<string>();
  const channelOf = (id: unknown) => {
    const key = String(id);
    if (!messages.has(key)) messages.set(key, []);
    return messages.get(key)!;
  };
  const withMetadata = (message: StoredMessage, include: unknown) => {
    const { metadata, ...rest } = message;
    return {
      type: 'message',
      bot_id: bot.botId,
      user: bot.userId,
      ...rest,
      ...(metadata && (include === true || include === 'true') ? { metadata } : {}),
    };
  };
  const started = performance.now();
  const limits = new RateLimits(monotonic(options.now ?? (() => performance.now())));
  limits.enforced = options.limits !== 'off';
  const refused: RefusedCall[] = [];
  const responseUrlUses = new Map<string, number>();
  let sequence = 0;
  let baseUrl = '';

  const record = (call: SlackCall) => {
    calls.push(call);
    for (const listener of [...listeners]) listener();
  };

  const answerMethod = (
    method: string,
    body: Record<string, unknown>,
    lands = true,
    poster: { botId: string; userId: string } = bot,
  ): Record<string, unknown> => {
    const failure = failures.get(method)?.shift();
    if (failure) return { ok: false, error: failure };
    const n = ++sequence;
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://double.slack.test/',
          team: 'Double',
          user: 'freebit-ops',
          team_id: bot.teamId,
          user_id: bot.userId,
          bot_id: bot.botId,
        };
      case 'chat.postMessage': {
        if (!body.channel) return { ok: false, error: 'channel_not_found' };
        // As Slack's: the time it was posted (seconds), made unique by the sequence.
        const ts = `${Math.floor(Date.now() / 1000)}.${String(n).padStart(6, '0')}`;
        if (lands) {
          channelOf(body.channel).push({
            ts,
            ...(body.thread_ts ? { thread_ts: String(body.thread_ts) } : {}),
            text: body.text,
            blocks: body.blocks,
            ...(body.metadata ? { metadata: body.metadata } : {}),
            ...(poster === bot ? {} : { bot_id: poster.botId, user: poster.userId }),
          });
        }
        return {
          ok: true,
          channel: body.channel,
          ts,
          message: { type: 'message', text: body.text, blocks: body.blocks, ts, bot_id: poster.botId, user: poster.userId },
        };
      }
      case 'chat.postEphemeral':
        if (!body.channel || !body.user) return { ok: false, error: 'invalid_arguments' };
        return { ok: true, message_ts: `${1_790_000_000 + n}.${String(n).padStart(6, '0')}` };
      case 'chat.update': {
        if (!body.channel || !body.ts) return { ok: false, error: 'invalid_arguments' };
        const message = channelOf(body.channel).find((each) => each.ts === body.ts);
        if (lands && message)
          Object.assign(message, { text: body.text, blocks: body.blocks, ...(body.metadata ? { metadata: body.metadata } : {}) });
        return { ok: true, channel: body.channel, ts: body.ts, text: body.text };
      }
      case 'conversations.history': {
        const oldest = Number(body.oldest ?? 0);
        const found = channelOf(body.channel)
          .filter((each) => (!each.thread_ts || each.thread_ts === each.ts) && Number(each.ts) >= oldest)
          .reverse()
          .map((each) => withMetadata(each, body.include_all_metadata));
        return { ok: true, messages: found, has_more: false, response_metadata: { next_cursor: '' } };
      }
      case 'conversations.replies': {
        const thread = channelOf(body.channel).filter((each) => each.ts === body.ts || each.thread_ts === body.ts);
        if (thread.length === 0) return { ok: false, error: 'thread_not_found' };
        return {
          ok: true,
          messages: thread.map((each) => withMetadata(each, body.include_all_metadata)),
          has_more: false,
          response_metadata: { next_cursor: '' },
        };
      }
      case 'chat.delete': {
        const kept = channelOf(body.channel);
        const index = kept.findIndex((each) => each.ts === body.ts);
        if (index < 0) return { ok: false, error: 'message_not_found' };
        if (lands) kept.splice(index, 1);
        return { ok: true, channel: body.channel, ts: body.ts };
      }
      case 'chat.getPermalink':
        if (!body.channel || !body.message_ts) return { ok: false, error: 'invalid_arguments' };
        return {
          ok: true,
          channel: body.channel,
          permalink: `https://double.slack.test/archives/${String(body.channel)}/p${String(body.message_ts).replace('.', '')}`,
        };
      case 'views.open':
      case 'views.push':
        if (!body.trigger_id) return { ok: false, error: 'invalid_trigger_id' };
        return { ok: true, view: { ...(body.view as object), id: `V${String(n).padStart(8, '0')}`, hash: `hash-${n}` } };
      case 'views.update':
        if (!body.view_id && !body.external_id) return { ok: false, error: 'invalid_arguments' };
        return { ok: true, view: { ...(body.view as object), id: body.view_id, hash: `hash-${n}` } };
      case 'views.publish':
        if (!body.user_id) return { ok: false, error: 'invalid_arguments' };
        return { ok: true, view: { ...(body.view as object), id: `V${String(n).padStart(8, '0')}`, hash: `hash-${n}` } };
      case 'users.info': {
        const id = String(body.user ?? '');
        if (!id) return { ok: false, error: 'user_not_found' };
        const user = users.get(id) ?? { id, locale: 'en-US' };
        const includeLocale = body.include_locale === true || body.include_locale === 'true';
        return {
          ok: true,
          user: {
            id,
            team_id: bot.teamId,
            name: user.name ?? id.toLowerCase(),
            real_name: user.name ?? id,
            is_restricted: user.guest !== undefined,
            is_ultra_restricted: user.guest === 'single',
            ...(includeLocale ? { locale: user.locale ?? 'en-US' } : {}),
          },
        };
      }
      case 'conversations.open': {
        const user = String(body.users ?? '');
        return user ? { ok: true, channel: { id: `D${user.slice(1)}` } } : { ok: false, error: 'invalid_arguments' };
      }
      case 'files.getUploadURLExternal': {
        if (!body.filename || !body.length) return { ok: false, error: 'invalid_arguments' };
        const id = `F${String(n).padStart(8, '0')}`;
        files.set(id, { id, filename: String(body.filename), content: '' });
        return { ok: true, file_id: id, upload_url: `${baseUrl}/upload/${id}` };
      }
      case 'files.completeUploadExternal': {
        const completed = (body.files as Array<{ id: string }> | undefined) ?? [];
        for (const { id } of completed) {
          const file = files.get(id);
          if (!file) return { ok: false, error: 'file_not_found' };
          Object.assign(file, {
            ...(body.channel_id ? { channelId: String(body.channel_id) } : {}),
            ...(body.initial_comment ? { initialComment: String(body.initial_comment) } : {}),
          });
        }
        return { ok: true, files: completed.map(({ id }) => ({ id })) };
      }
      case 'usergroups.users.list':
        return { ok: true, users: usergroups.get(String(body.usergroup ?? '')) ?? [] };
      case 'apps.connections.open':
        return options.socketUrl ? { ok: true, url: options.socketUrl } : { ok: false, error: 'not_allowed_token_type' };
      case 'conversations.info': {
        // A Slack Connect channel (shareExternally): shared with another organisation's team.
        const external = externalChannels.has(String(body.channel));
        const shared = external
          ? { is_shared: true, is_ext_shared: true, shared_team_ids: [bot.teamId, 'T0PARTNER'] }
          : { is_shared: false, is_ext_shared: false };
        return {
          ok: true,
          channel: {
            id: body.channel,
            name: `channel-${String(body.channel).toLowerCase()}`,
            is_channel: true,
            is_member: true,
            ...shared,
          },
        };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  };

  const server = createServer((request, response) => {
    void handle(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500).end();
    });
  });

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', 'http://double').pathname;
    const raw = await readBody(request);
    const body = parseBody(raw, request.headers['content-type']);

    const uploadMatch = /^\/upload\/(F\d+)$/.exec(path);
    if (request.method === 'POST' && uploadMatch) {
      const file = files.get(uploadMatch[1]!);
      if (!file) return sendJson(response, 404, { ok: false });
      file.content = uploadedContent(raw, request.headers['content-type']);
      response.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${raw.length}`);
      return;
    }

    const responseMatch = /^\/response\/([\w-]+)$/.exec(path);
    if (request.method === 'POST' && responseMatch) {
      const call: SlackCall = {
        method: 'response_url',
        body,
        token: undefined,
        responseUrl: `${baseUrl}${path}`,
        at: performance.now() - started,
      };
      const uses = responseUrlUses.get(call.responseUrl!) ?? 0;
      if (limits.enforced && uses >= RESPONSE_URL_USES) {
        // Slack: a response_url can be used up to 5 times; after that it is spent.
        refused.push({ ...call, answer: { ok: false, error: 'used_url' }, forced: false });
        for (const listener of [...listeners]) listener();
        return sendJson(response, 404, { ok: false, error: 'used_url' });
      }
      responseUrlUses.set(call.responseUrl!, uses + 1);
      const holdIndex = holds.findIndex((each) => each.method === 'response_url' && (!each.predicate || each.predicate(call)));
      record(call);
      if (holdIndex >= 0) {
        holds.splice(holdIndex, 1);
        held.push(response);
        return;
      }
      return sendJson(response, 200, { ok: true });
    }

    const apiMatch = /^\/api\/([\w.]+)$/.exec(path);
    if (request.method !== 'POST' || !apiMatch) return sendJson(response, 404, { ok: false, error: 'not_found' });
    const method = apiMatch[1]!;
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    const token = bearer ?? (typeof body.token === 'string' ? body.token : undefined);
    const call: SlackCall = { method, body, token, at: performance.now() - started };
    if (token && tokens.has(token)) {
      const verdict = limits.check(method, channelArgument(body));
      if (!verdict.ok) {
        const answer = { ok: false, error: 'ratelimited' };
        refused.push({ ...call, answer, retryAfterS: verdict.retryAfterS, forced: verdict.forced });
        for (const listener of [...listeners]) listener();
        return sendJson(response, 429, answer, { 'retry-after': String(verdict.retryAfterS) });
      }
    }
    const poster = token === OTHER_APP.token ? OTHER_APP : bot;
    const holdIndex = holds.findIndex((each) => each.method === method && (!each.predicate || each.predicate(call)));
    const hold = holdIndex >= 0 ? holds.splice(holdIndex, 1)[0] : undefined;
    // The answer is decided (and the message's ts known) before anyone waiting on the call hears of it.
    let answer: Record<string, unknown> | undefined = !token
      ? { ok: false, error: 'not_authed' }
      : !tokens.has(token)
        ? { ok: false, error: 'invalid_auth' }
        : undefined;
    if (!answer && nthFault && (!nthFault.predicate || nthFault.predicate(call)) && ++nth.calls === nthFault.n && !nthFault.done) {
      const fault = nthFault;
      fault.done = true;
      nth.fired = { n: fault.n, method, lands: fault.lands };
      if (fault.lands) answerMethod(method, body, hold?.lands ?? true, poster);
      answer = { ok: false, error: fault.error };
    }
    answer ??= answerMethod(method, body, hold?.lands ?? true, poster);
    call.answer = answer;
    record(call);
    if (hold) {
      held.push(response);
      return;
    }
    const wait = delays.get(method);
    if (wait) await new Promise((resolve) => setTimeout(resolve, wait));
    sendJson(response, 200, answer);
  };

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;

  const waitUntil = <T>(find: () => T | undefined, describe: () => string, timeoutMs: number): Promise<T> => {
    const found = find();
    if (found !== undefined) return Promise.resolve(found);
    return new Promise<T>((resolve, reject) => {
      const check = () => {
        const value = find();
        if (value === undefined) return;
        listeners.delete(check);
        clearTimeout(timer);
        resolve(value);
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(new Error(`Slack double: ${describe()} did not arrive within ${timeoutMs} ms; received: ${summarise(calls)}`));
      }, timeoutMs);
      listeners.add(check);
    });
  };

  const matching = (method: string, predicate?: (call: SlackCall) => boolean) =>
    calls.filter((call) => call.method === method && (!predicate || predicate(call)));

  return {
    url: baseUrl,
    apiUrl: `${baseUrl}/api/`,
    calls,
    callsTo: (method) => matching(method),
    responseUrl: () => `${baseUrl}/response/${randomUUID()}`,
    responsesTo: (responseUrl) => calls.filter((call) => call.responseUrl === responseUrl),
    waitForCall: (method, predicate, waitOptions = {}) =>
      waitUntil(
        () => matching(method, predicate)[0],
        () => `a ${method} call${predicate ? ' matching' : ''}`,
        waitOptions.timeoutMs ?? 5_000,
      ),
    waitForResponse: (responseUrl, waitOptions = {}) => {
      const index = (waitOptions.count ?? 1) - 1;
      return waitUntil(
        () => calls.filter((call) => call.responseUrl === responseUrl)[index],
        () => `post #${index + 1} to ${responseUrl}`,
        waitOptions.timeoutMs ?? 5_000,
      );
    },
    waitForCalls: (method, count, predicate, waitOptions = {}) =>
      waitUntil(
        () => {
          const found = matching(method, predicate);
          return found.length >= count ? found.slice(0, count) : undefined;
        },
        () => `${count} ${method} calls`,
        waitOptions.timeoutMs ?? 5_000,
      ),
    setUser: (user) => users.set(user.id, user),
    setUsergroup: (id, userIds) => usergroups.set(id, userIds),
    shareExternally: (channelId) => void externalChannels.add(channelId),
    failNth: (n, fault) => {
      nth.calls = 0;
      delete nth.fired;
      nthFault = {
        n,
        error: fault.error,
        lands: fault.lands ?? false,
        ...(fault.predicate ? { predicate: fault.predicate } : {}),
        done: false,
      };
    },
    nth,
    failNext: (method, error, times = 1) => failures.set(method, [...(failures.get(method) ?? []), ...Array<string>(times).fill(error)]),
    delay: (method, ms) => delays.set(method, ms),
    hold: (method, holdOptions) => holds.push({ method, ...holdOptions }),
    rateLimit: (method, forced) => limits.force(method, forced),
    refused,
    waitForRefusal: (method, predicate, waitOptions = {}) =>
      waitUntil(
        () => refused.find((call) => call.method === method && (!predicate || predicate(call))),
        () => `a refused ${method} call${predicate ? ' matching' : ''}`,
        waitOptions.timeoutMs ?? 5_000,
      ),
    refusedCount: (method, countOptions = {}) =>
      refused.filter(
        (call) =>
          (method === undefined || call.method === method) && (countOptions.forced === undefined || call.forced === countOptions.forced),
      ).length,
    enforceLimits: (enforced) => {
      limits.enforced = enforced;
    },
    messagesIn: (channel) => messages.get(channel) ?? [],
    uploadedFiles: () => [...files.values()],
    clear: () => {
      // What was called is forgotten; Slack's windows are not (they are Slack's, not the test's).
      calls.length = 0;
      refused.length = 0;
    },
    close: async () => {
      for (const response of held.splice(0)) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (raw === '') return {};
  if (contentType?.includes('application/json')) {
    try {
      return JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return { _unparsed: raw };
    }
  }
  const body: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    if (JSON_ARGUMENTS.has(key)) {
      try {
        body[key] = JSON.parse(value);
        continue;
      } catch {
        // Kept as sent: a test may want to see what was wrong with it.
      }
    }
    body[key] = value;
  }
  return body;
}

/** What was uploaded: the body itself, or the file part of a multipart/form-data body (as the Web API client sends it). */
function uploadedContent(raw: string, contentType: string | undefined): string {
  const boundary = /boundary=([^;]+)/.exec(contentType ?? '')?.[1];
  if (!contentType?.startsWith('multipart/form-data') || !boundary) return raw;
  for (const part of raw.split(`--${boundary}`)) {
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    return part.slice(split + 4).replace(/\r\n$/, '');
  }
  return raw;
}

/** The channel a call is about, for limits counted per channel. */
function channelArgument(body: Record<string, unknown>): string | undefined {
  const channel = body.channel ?? body.channel_id;
  return typeof channel === 'string' ? channel : undefined;
}

/** A time that never goes back (a test may set the bot's clock back; Slack's windows do not rewind). */
function monotonic(now: () => number): () => number {
  let last = -Infinity;
  return () => (last = Math.max(last, now()));
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  response.end(text);
}

function summarise(calls: readonly SlackCall[]): string {
  if (calls.length === 0) return 'nothing';
  return calls
    .map((call) => (call.method === 'response_url' ? `response_url(${String(call.body.text ?? '').slice(0, 60)})` : call.method))
    .join(', ');
}
