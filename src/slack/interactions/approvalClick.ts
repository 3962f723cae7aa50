import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs, webApi } from '@slack/bolt';
import { tellPrivately } from '../kit/answer.js';
import { requestLogger, voiceOf, type SlackDeps } from '../deps.js';
import { describeError } from '../errors.js';
import { publishHome } from '../home/publishHome.js';
import type { FormOrigin } from '../kit/origin.js';
import { approvalClickPayload } from '../kit/payloads.js';
import type { Logger } from '../../logger.js';
import { WorkflowError, type MessageRef } from '../../workflow/index.js';
import type { Voice } from '../kit/voice.js';

export type ApprovalButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>>;
type Args = ApprovalButtonArgs & AllMiddlewareArgs;

/** Who clicked which request's button, and where to answer them. The button's value is only the id. */
export interface ApprovalClick {
  userId: string;
  requestId: string;
  triggerId: string;
  /** Where the clicker is answered: the click's response_url, else ephemerally in its channel, else by DM. */
  origin: Omit<FormOrigin, 'locale'>;
  /** The button was on App Home (which is drawn again after the click). */
  onHome: boolean;
  /** The approval message clicked, when the button was on one. */
  message?: MessageRef;
  /** Slack re-sent the request (X-Slack-Retry-Num): the first delivery may already have been handled. */
  retry: boolean;
}

function readApprovalClick(deps: SlackDeps, args: Pick<Args, 'body' | 'context'>): ApprovalClick | undefined {
  const parsed = approvalClickPayload.safeParse(args.body);
  if (!parsed.success) {
    deps.logger.warn(
      { event: 'slack.unreadable_approval_click', issues: parsed.error.issues.slice(0, 3) },
      'approval button payload not understood',
    );
    return undefined;
  }
  const payload = parsed.data;
  const clicked =
    payload.container.type === 'message' && payload.container.message_ts && payload.container.channel_id
      ? { channelId: payload.container.channel_id, ts: payload.container.message_ts }
      : undefined;
  // Only the bot's own message may become a request's approval message: another app can post our buttons too.
  const own = clicked !== undefined && payload.message?.bot_id === deps.botId;
  if (clicked && payload.message && !own) {
    deps.logger.warn(
      { event: 'slack.foreign_message_ignored', requestId: payload.actions[0]!.value, ...clicked, botId: payload.message?.bot_id },
      'a click on a message the bot did not post is not adopted',
    );
  }
  return {
    userId: payload.user.id,
    requestId: payload.actions[0]!.value,
    triggerId: payload.trigger_id,
    origin: {
      ...(payload.response_url ? { responseUrl: payload.response_url } : {}),
      ...(payload.channel?.id ? { channelId: payload.channel.id } : {}),
    },
    onHome: payload.container.type === 'view',
    ...(clicked && own ? { message: clicked } : {}),
    retry: Number(args.context.retryNum ?? 0) > 0,
  };
}

// A retry of a click already handled finds the request decided: the clicker saw the outcome on
// the message the first time, and a second "already decided" would only confuse them.
const ALREADY_HANDLED: ReadonlySet<string> = new Set(['not_pending', 'already_approved_by_you']);

/**
 * After a decision (or its refusal): the refusal, in words, to the clicker alone; App Home
 * drawn again when the click came from there. The approval message itself is updated by the
 * workflow (messenger.ts), for everyone.
 */
export async function answerClick(
  deps: SlackDeps,
  client: webApi.WebClient,
  click: ApprovalClick,
  voice: Voice,
  error?: unknown,
): Promise<void> {
  if (error !== undefined && !(click.retry && error instanceof WorkflowError && ALREADY_HANDLED.has(error.code))) {
    const sentence = describeError(error, voice.t, { logger: deps.logger, freebitTimeoutMs: deps.freebitTimeoutMs });
    try {
      await tellPrivately(client, deps.logger, click.userId, { locale: voice.t.locale, ...click.origin }, voice.message(sentence));
    } catch (caught) {
      deps.logger.error({ event: 'slack.answer_lost', error: String(caught) }, 'could not tell the clicker why their click was refused');
    }
  }
  if (click.onHome) await publishHome(deps, client, click.userId, voice);
}

/**
 * The shape every approval button shares: ack at once (nothing before it), then the decision, then the answer.
 * `decide` gets the request's logger to hand to the workflow.
 */
export function approvalButton(
  deps: SlackDeps,
  decide: (click: ApprovalClick, voice: Voice, client: webApi.WebClient, log: Logger) => Promise<void>,
) {
  return async (args: Args): Promise<void> => {
    await args.ack();
    const click = readApprovalClick(deps, args);
    if (!click) return;
    const voice = await voiceOf(deps, click.userId);
    try {
      // A request whose process stopped before it learnt where its message is learns it now.
      if (click.message) await deps.approvals.adoptMessage(click.requestId, click.message);
      await decide(click, voice, args.client, requestLogger(args.context, deps));
    } catch (error) {
      await answerClick(deps, args.client, click, voice, error);
    }
  };
}
