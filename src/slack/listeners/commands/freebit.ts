import type { Middleware, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { parseFreebitCommand } from '../../commandText.js';
import { refusalToAskQuickly, voiceOf, type SlackDeps } from '../../deps.js';
import { describeError } from '../../errors.js';
import { lineCardMessage, readLineFor } from '../../lineCard/lineLookup.js';
import type { FormOrigin } from '../../kit/origin.js';
import { commandPayload } from '../../kit/payloads.js';
import { longerThan, TEXT_CAPS } from '../../kit/caps.js';
import { commandProblemText } from '../../commandReading.js';
import { helpText, usageLine } from '../../help.js';
import { joinMd } from '../../i18n/index.js';
import { SLACK_OPERATIONS, slackOperation } from '../../changeForms/index.js';
import { formatPhoneNumber } from '../../../phone.js';
import { historyMessage } from '../../approvals/historyMessage.js';
import { operationPickerModal } from '../../requestForms/operationPickerModal.js';
import { answerAccessLog } from '../../flows/answerAccessLog.js';
import { WorkflowError } from '../../../workflow/index.js';

/**
 * `/freebit …` (README.md, "What a person sees"). Acknowledged first, with nothing: every
 * answer follows through `respond()` (ephemeral) or a modal, so Slack's 3 s never depend on
 * Freebit or on a Slack call.
 */
export function freebitCommand(deps: SlackDeps): Middleware<SlackCommandMiddlewareArgs> {
  return async ({ ack, command, respond, client }) => {
    await ack();
    const payload = commandPayload.safeParse(command);
    if (!payload.success) {
      deps.logger.warn(
        { event: 'slack.unreadable_command', issues: payload.error.issues.slice(0, 3) },
        'slash command payload not understood',
      );
      return;
    }
    const { user_id: userId, channel_id: channelId, text, trigger_id: triggerId, response_url: responseUrl } = payload.data;
    // Past its cap, the text is refused unread: what it would cost to parse is never paid.
    if (longerThan(text, TEXT_CAPS.command)) {
      deps.logger.info({ event: 'slack.command_too_long', userId, length: text.length }, 'slash command text past its cap, refused unread');
      const voice = await voiceOf(deps, userId);
      await respond({ response_type: 'ephemeral', ...voice.message(voice.t.textTooLong.command(TEXT_CAPS.command)) });
      return;
    }
    const request = parseFreebitCommand(text, deps.clock.now());

    if (request.kind === 'lookup') {
      const { voice, reading } = await readLineFor(deps, { userId, surface: 'command', channelId }, request.phone);
      await respond({ response_type: 'ephemeral', ...lineCardMessage(voice, reading, { kind: 'ephemeral' }) });
      return;
    }

    const voice = await voiceOf(deps, userId);
    const { t } = voice;
    const origin: FormOrigin = { locale: t.locale, responseUrl, channelId };
    try {
      if (Object.hasOwn(SLACK_OPERATIONS, request.kind)) {
        // Said before the form, not after someone has filled it in.
        const refusal = deps.approvals.refusalBeforeAsking(channelId);
        if (refusal) throw new WorkflowError(refusal);
        // Bounded: the form must open while Slack's trigger_id is still good (3 s); the submission is checked again.
        const asking = await refusalToAskQuickly(deps, userId);
        if (asking) throw asking;
      }
      switch (request.kind) {
        case 'help':
          await respond({ response_type: 'ephemeral', ...voice.message(helpText(t)) });
          return;
        case 'invalid':
          await respond({
            response_type: 'ephemeral',
            ...voice.message(joinMd([commandProblemText(t, request.problem), usageLine(t)], '\n')),
          });
          return;
        case 'history': {
          // Recorded before the history (each request's line as it was when asked) is read and shown.
          const history = await deps.approvals.admitLook({ userId, phones: [request.phone], surface: 'history', channelId }, () =>
            deps.approvals.historyOf(request.phone),
          );
          await respond({ response_type: 'ephemeral', ...historyMessage(voice, formatPhoneNumber(request.phone), history) });
          return;
        }
        case 'access_log':
          await answerAccessLog(deps, client, { userId, voice, target: request.target, csv: request.csv }, (body) =>
            respond({ response_type: 'ephemeral', ...body }),
          );
          return;
        case 'picker':
          await client.views.open({ trigger_id: triggerId, view: operationPickerModal(voice, origin, deps) });
          return;
        default:
          // A change operation: its own form, pre-filled with what the words gave.
          await client.views.open({ trigger_id: triggerId, view: slackOperation(request.kind).modal(voice, request, origin, deps) });
          return;
      }
    } catch (error) {
      await respond({
        response_type: 'ephemeral',
        ...voice.message(describeError(error, t, { logger: deps.logger, freebitTimeoutMs: deps.freebitTimeoutMs })),
      });
    }
  };
}
