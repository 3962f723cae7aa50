import { randomBytes } from 'node:crypto';
import { webApi } from '@slack/bolt';
import { FreebitError } from '../freebit/index.js';
import type { Logger } from '../logger.js';
import { formatPhoneNumber, type PhoneNumber } from '../phone.js';
import { MessengerBusy, storeDidNotAnswer, WorkflowError } from '../workflow/index.js';
import { esc, groupMention, joinMd, link, type Catalog, type Mrkdwn } from './i18n/index.js';
import { detailCodeSentence } from './i18n/speak.js';

/**
 * The one place an error becomes a sentence a person reads. Freebit's answers are named in
 * the catalog's words (210 is "not found", a deadline is "Freebit did not answer…"); anything
 * else gets a short reference that is also in the log, never a stack trace or a secret.
 */
export function describeError(
  error: unknown,
  t: Catalog,
  context: {
    logger: Logger;
    freebitTimeoutMs: number;
    phone?: PhoneNumber;
    /** A link to the request a refusal names (open_request_exists). */ relatedLink?: string;
  },
): Mrkdwn {
  // The workflow said no on purpose (policy, a request that cannot succeed, a click too late): its reason, in words.
  if (error instanceof WorkflowError) {
    context.logger.info({ event: 'workflow.refused', code: error.code }, 'the workflow refused');
    return refusalOf(error, t, context.relatedLink);
  }
  if (error instanceof FreebitError) {
    context.logger.warn(
      { event: 'freebit.error', code: error.code, detailCode: error.detailCode, operation: error.operation },
      'Freebit operation failed',
    );
    return describeFreebitError(error, t, context);
  }
  if (storeDidNotAnswer(error)) {
    context.logger.warn(
      { event: 'store.did_not_answer', err: error },
      'the store did not answer in time; the person was told to try again',
    );
    return t.storeDidNotAnswer;
  }
  const slackError = slackErrorCode(error);
  if (slackError === 'not_in_channel' || slackError === 'channel_not_found') return t.notInChannel;
  if (slackError === 'expired_trigger_id' || slackError === 'trigger_expired') return t.formExpired;
  // Slack's "not now" (429) past what a person waits out (apiErrors.ts): said at once, with how long.
  const retryAfterS = rateLimitedFor(error);
  if (retryAfterS !== undefined) return t.slackBusy(Math.max(1, retryAfterS));

  const reference = randomBytes(3).toString('hex');
  context.logger.error({ event: 'slack.unexpected_error', reference, err: error }, 'unexpected error while answering in Slack');
  return t.botProblem(esc(reference));
}

/** The refusal's sentence; someone refused a lookup learns which group may look, and an open request is named (and linked). */
function refusalOf(error: WorkflowError, t: Catalog, relatedLink: string | undefined): Mrkdwn {
  const sentence = t.approval.refusal(error.code);
  const group = error.contact?.usergroupId;
  if (group) return joinMd([sentence, t.approval.askGroup(groupMention(group))], '');
  if (error.code !== 'open_request_exists' || !error.related) return sentence;
  const request = relatedLink ? link(relatedLink, error.related.id) : esc(error.related.id);
  return joinMd([sentence, t.approval.openRequest(request)], '');
}

function describeFreebitError(error: FreebitError, t: Catalog, context: { freebitTimeoutMs: number; phone?: PhoneNumber }): Mrkdwn {
  switch (error.code) {
    case 'timeout':
      return t.freebitTimeout(esc(seconds(context.freebitTimeoutMs)));
    case 'unreachable':
      return t.freebitUnreachable;
    case 'bad_answer':
      return t.freebitBadAnswer;
    case 'auth_rejected':
      return t.freebitCredentialsRefused;
    case 'refused':
      if (error.detailCode === 210 && error.operation === 'lookupLine' && context.phone)
        return t.lineNotFound(esc(formatPhoneNumber(context.phone)));
      if (error.detailCode === 205 || error.detailCode === 228) return t.freebitAuthKeyRefused;
      if (error.detailCode === 900) return t.freebitUnexpected;
      return detailCodeSentence(t, error.detailCode ?? 0, error.operation);
  }
}

/** Seconds Slack asked to wait, when it rate-limited the call (the client's rejection, or the workflow's MessengerBusy). */
function rateLimitedFor(error: unknown): number | undefined {
  if (error instanceof MessengerBusy) return Math.ceil(error.retryAfterMs / 1000);
  const fields = error as { code?: unknown; retryAfter?: unknown } | null;
  return fields?.code === webApi.ErrorCode.RateLimitedError && typeof fields.retryAfter === 'number' ? fields.retryAfter : undefined;
}

/** The `error` field of a Slack Web API answer (`not_in_channel`, …), when that is what failed. */
export function slackErrorCode(error: unknown): string | undefined {
  const data = (error as { code?: unknown; data?: { error?: unknown } } | null)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

function seconds(ms: number): string {
  const value = ms / 1000;
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}
