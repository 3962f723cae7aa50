/**
 * Requests shaped and signed the way Slack sends them to `POST /slack/events`: slash commands
 * form-encoded, interactivity as a form field `payload` holding JSON, events as JSON; every
 * one signed with v0 HMAC-SHA256 of `v0:<timestamp>:<body>` (X-Slack-Signature,
 * X-Slack-Request-Timestamp). Builders take overrides; defaults describe one support agent
 * in one channel. Self-contained (node:crypto only), reused by the approval demo.
 */
import { createHmac, randomUUID } from 'node:crypto';

export const AGENT = { id: 'U0AGENT01', name: 'agent.sato' } as const;
export const SUPPORT_CHANNEL = { id: 'C0SUPPORT1', name: 'support' } as const;
export const TEAM = { id: 'T0DOUBLE', domain: 'double' } as const;
export const API_APP_ID = 'A0FREEBIT1';

export interface SlackHttpRequest {
  body: string;
  contentType: string;
}

export function triggerId(): string {
  return `${Date.now()}.${Math.floor(Math.random() * 1e12)}.${randomUUID().replace(/-/g, '').slice(0, 16)}`;
}

// ---- Slash command -------------------------------------------------------------------

export interface SlashCommandFields {
  token: string;
  team_id: string;
  team_domain: string;
  channel_id: string;
  channel_name: string;
  user_id: string;
  user_name: string;
  command: string;
  text: string;
  api_app_id: string;
  is_enterprise_install: string;
  response_url: string;
  trigger_id: string;
}

/** A slash command's fields as Slack sends them (form-encoded over HTTP, `payload` of a Socket Mode envelope). */
export function slashCommandFields(overrides: Partial<SlashCommandFields> & { response_url: string }): SlashCommandFields {
  return {
    token: 'deprecated-verification-token',
    team_id: TEAM.id,
    team_domain: TEAM.domain,
    channel_id: SUPPORT_CHANNEL.id,
    channel_name: SUPPORT_CHANNEL.name,
    user_id: AGENT.id,
    user_name: AGENT.name,
    command: '/freebit',
    text: '',
    api_app_id: API_APP_ID,
    is_enterprise_install: 'false',
    trigger_id: triggerId(),
    ...overrides,
  };
}

export function slashCommand(overrides: Partial<SlashCommandFields> & { response_url: string }): SlackHttpRequest {
  const fields = slashCommandFields(overrides);
  return {
    body: new URLSearchParams(fields as unknown as Record<string, string>).toString(),
    contentType: 'application/x-www-form-urlencoded',
  };
}

// ---- Interactivity -------------------------------------------------------------------

/** Interactivity arrives as `payload=<JSON>`, form-encoded. */
export function interaction(payload: object): SlackHttpRequest {
  return { body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), contentType: 'application/x-www-form-urlencoded' };
}

const user = (id: string = AGENT.id) => ({
  id,
  username: id === AGENT.id ? AGENT.name : id.toLowerCase(),
  name: id === AGENT.id ? AGENT.name : id.toLowerCase(),
  team_id: TEAM.id,
});
const team = { id: TEAM.id, domain: TEAM.domain };

export interface ButtonClick {
  actionId: string;
  value?: string;
  blockId?: string;
  userId?: string;
  /** Where the button was: an ephemeral message (default), a channel message, or a modal. */
  container?:
    | {
        type: 'message';
        ephemeral: boolean;
        channelId?: string;
        messageTs?: string;
        /** Who posted the message (a bot's `bot_id`). */ botId?: string;
      }
    | {
        type: 'view';
        viewId: string;
        privateMetadata?: string;
        callbackId?: string;
        /** The modal's blocks as the bot drew them (Slack sends them back). */ blocks?: unknown[];
      };
  responseUrl?: string;
  triggerId?: string;
}

/** A `block_actions` payload for one button click. */
export function blockActions(click: ButtonClick, overrides: Record<string, unknown> = {}): SlackHttpRequest {
  const container = click.container ?? { type: 'message', ephemeral: true };
  const action = {
    type: 'button',
    action_id: click.actionId,
    block_id: click.blockId ?? 'line_card_actions',
    text: { type: 'plain_text', text: 'button', emoji: true },
    ...(click.value !== undefined ? { value: click.value } : {}),
    action_ts: `${Date.now() / 1000}`,
  };
  const base =
    container.type === 'message'
      ? {
          container: {
            type: 'message',
            message_ts: container.messageTs ?? '1790000000.000100',
            channel_id: container.channelId ?? SUPPORT_CHANNEL.id,
            is_ephemeral: container.ephemeral,
          },
          channel: { id: container.channelId ?? SUPPORT_CHANNEL.id, name: SUPPORT_CHANNEL.name },
          ...(container.ephemeral
            ? {}
            : {
                message: {
                  type: 'message',
                  ts: container.messageTs ?? '1790000000.000100',
                  text: 'card',
                  ...(container.botId ? { bot_id: container.botId } : {}),
                },
              }),
          ...(click.responseUrl ? { response_url: click.responseUrl } : {}),
        }
      : {
          container: { type: 'view', view_id: container.viewId },
          view: modalView({
            id: container.viewId,
            callbackId: container.callbackId ?? 'line_card_view',
            privateMetadata: container.privateMetadata ?? '',
            values: {},
            ...(container.blocks ? { blocks: container.blocks } : {}),
          }),
        };
  return interaction({
    type: 'block_actions',
    user: user(click.userId),
    api_app_id: API_APP_ID,
    token: 'deprecated-verification-token',
    team,
    enterprise: null,
    is_enterprise_install: false,
    trigger_id: click.triggerId ?? triggerId(),
    actions: [action],
    ...base,
    ...overrides,
  });
}

/** `view.state.values` entry builders, as Slack writes each element's state. */
export const state = {
  text: (value: string | null) => ({ type: 'plain_text_input', value }),
  date: (selected_date: string | null) => ({ type: 'datepicker', selected_date }),
  radio: (value: string | null) => ({
    type: 'radio_buttons',
    selected_option: value === null ? null : { text: { type: 'plain_text', text: value }, value },
  }),
  select: (value: string | null) => ({
    type: 'static_select',
    selected_option: value === null ? null : { text: { type: 'plain_text', text: value }, value },
  }),
};

export type StateValues = Record<string, Record<string, Record<string, unknown>>>;

function modalView(view: { id: string; callbackId: string; privateMetadata: string; values: StateValues; blocks?: unknown[] }) {
  return {
    id: view.id,
    team_id: TEAM.id,
    type: 'modal',
    callback_id: view.callbackId,
    private_metadata: view.privateMetadata,
    title: { type: 'plain_text', text: 'Modal' },
    blocks: view.blocks ?? [],
    state: { values: view.values },
    hash: `hash-${view.id}`,
    root_view_id: view.id,
    previous_view_id: null,
    app_id: API_APP_ID,
    bot_id: 'B0FREEBOT',
  };
}

export interface Submission {
  callbackId: string;
  values: StateValues;
  /** What the bot put in the modal's private_metadata when it opened it. */
  privateMetadata?: string;
  viewId?: string;
  userId?: string;
}

/** A `view_submission` payload. */
export function viewSubmission(submission: Submission, overrides: Record<string, unknown> = {}): SlackHttpRequest {
  return interaction({
    type: 'view_submission',
    team,
    user: user(submission.userId),
    api_app_id: API_APP_ID,
    token: 'deprecated-verification-token',
    trigger_id: triggerId(),
    view: modalView({
      id: submission.viewId ?? 'V0SUBMIT01',
      callbackId: submission.callbackId,
      privateMetadata: submission.privateMetadata ?? '',
      values: submission.values,
    }),
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
    ...overrides,
  });
}

/** A global shortcut (`type: shortcut`). */
export function globalShortcut(
  fields: { callbackId: string; userId?: string; triggerId?: string },
  overrides: Record<string, unknown> = {},
): SlackHttpRequest {
  return interaction({
    type: 'shortcut',
    token: 'deprecated-verification-token',
    action_ts: `${Date.now() / 1000}`,
    team,
    user: user(fields.userId),
    callback_id: fields.callbackId,
    trigger_id: fields.triggerId ?? triggerId(),
    is_enterprise_install: false,
    enterprise: null,
    ...overrides,
  });
}

/** A message shortcut (`type: message_action`) on a message with `text`. */
export function messageShortcut(
  fields: { callbackId: string; text: string; responseUrl: string; userId?: string; channelId?: string },
  overrides: Record<string, unknown> = {},
): SlackHttpRequest {
  return interaction({
    type: 'message_action',
    token: 'deprecated-verification-token',
    action_ts: `${Date.now() / 1000}`,
    team,
    user: user(fields.userId),
    channel: { id: fields.channelId ?? SUPPORT_CHANNEL.id, name: SUPPORT_CHANNEL.name },
    is_enterprise_install: false,
    enterprise: null,
    callback_id: fields.callbackId,
    trigger_id: triggerId(),
    response_url: fields.responseUrl,
    message_ts: '1790000000.000200',
    message: { type: 'message', user: 'U0CUSTOMER', ts: '1790000000.000200', text: fields.text },
    ...overrides,
  });
}

// ---- Events --------------------------------------------------------------------------

export function eventCallback(event: Record<string, unknown>, overrides: Record<string, unknown> = {}): SlackHttpRequest {
  const body = {
    token: 'deprecated-verification-token',
    team_id: TEAM.id,
    api_app_id: API_APP_ID,
    event: { event_ts: `${Date.now() / 1000}`, ...event },
    type: 'event_callback',
    event_id: `Ev${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: TEAM.id, user_id: 'U0FREEBOT', is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
    ...overrides,
  };
  return { body: JSON.stringify(body), contentType: 'application/json' };
}

export function appHomeOpened(userId: string = AGENT.id): SlackHttpRequest {
  return eventCallback({ type: 'app_home_opened', user: userId, channel: 'D0AGENTDM1', tab: 'home' });
}

// ---- Signing and sending -------------------------------------------------------------

/** Slack's v0 request signature: `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<body>`. */
export function signature(signingSecret: string, timestampSeconds: number, body: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestampSeconds}:${body}`).digest('hex')}`;
}

export interface SendOptions {
  /** Seconds since the epoch; default now. */
  timestamp?: number;
  /** Overrides the computed signature (a wrong one); `null` sends none. */
  signature?: string | null;
  /** Sent as X-Slack-Retry-Num. */
  retryNum?: number;
}

/** What came back from the bot: the HTTP status and the body of the acknowledgement. */
export interface Ack {
  status: number;
  /** Parsed JSON when the ack carried JSON (`response_action`), else the text. */
  body: unknown;
  /** How long the acknowledgement took. */
  ms: number;
}

/** Sends requests to one bot the way Slack would. */
export class SlackSender {
  constructor(
    readonly eventsUrl: string,
    private readonly signingSecret: string,
  ) {}

  async send(request: SlackHttpRequest, options: SendOptions = {}): Promise<Ack> {
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = { 'content-type': request.contentType, 'x-slack-request-timestamp': String(timestamp) };
    const signed = options.signature === undefined ? signature(this.signingSecret, timestamp, request.body) : options.signature;
    if (signed !== null) headers['x-slack-signature'] = signed;
    if (options.retryNum !== undefined) {
      headers['x-slack-retry-num'] = String(options.retryNum);
      headers['x-slack-retry-reason'] = 'http_timeout';
    }
    const started = performance.now();
    const response = await fetch(this.eventsUrl, { method: 'POST', headers, body: request.body });
    const text = await response.text();
    const ms = performance.now() - started;
    let body: unknown = text;
    if (text !== '' && response.headers.get('content-type')?.includes('json')) body = JSON.parse(text);
    return { status: response.status, body, ms };
  }
}
