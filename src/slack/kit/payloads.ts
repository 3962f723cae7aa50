import { z } from 'zod';
import { REQUEST_ID_PATTERN } from '../../workflow/index.js';

/**
 * The parts of Slack's payloads the listeners rely on, checked at the edge (Bolt types them,
 * but does not check them). A payload that does not match is logged and acknowledged, never
 * half-handled. Only these fields are kept: everything else Slack sends is dropped here.
 */

const user = z.object({ id: z.string().min(1) });
// Slack's response_urls are https; the test double's are http on loopback. (Not z.url():
// the lookup path pays for every check, and this one is all it needs.)
const responseUrl = z.string().regex(/^https?:\/\/\S+$/);

export const commandPayload = z.object({
  user_id: z.string().min(1),
  channel_id: z.string().min(1),
  text: z.string().default(''),
  trigger_id: z.string().min(1),
  response_url: responseUrl,
});

export const cardActionPayload = z.object({
  user,
  trigger_id: z.string().min(1),
  response_url: responseUrl.optional(),
  channel: z.object({ id: z.string().min(1) }).nullish(),
  container: z.object({ type: z.string(), is_ephemeral: z.boolean().optional() }),
  view: z
    .object({
      id: z.string().min(1),
      private_metadata: z.string().optional(),
      hash: z.string().optional(),
      // The card as the person sees it, so that a sentence can be added under its buttons (lineCardModalWithNotice).
      blocks: z.array(z.looseObject({ type: z.string(), block_id: z.string().optional() })).optional(),
    })
    .nullish(),
  actions: z.array(z.object({ action_id: z.string(), value: z.string().optional() })).min(1),
});
export type CardActionPayload = z.infer<typeof cardActionPayload>;

/** A button in one of the bot's modals (Back on a summary of several lines): who, and the modal as drawn. */
export const modalButtonPayload = z.object({
  user,
  view: z.object({ id: z.string().min(1), private_metadata: z.string().optional(), hash: z.string().optional() }),
});

/** A button in a message whose value the listener reads itself (the numbers under the message shortcut's cards). */
export const messageButtonPayload = z.object({
  user,
  trigger_id: z.string().min(1),
  response_url: responseUrl.optional(),
  channel: z.object({ id: z.string().min(1) }).nullish(),
  actions: z.array(z.object({ action_id: z.string(), value: z.string().optional() })).min(1),
});

/** `view.state.values`: the parts of Slack's shape we read; anything else passes by. */
export const viewStateValuesSchema = z.record(
  z.string(),
  z.record(
    z.string(),
    z.object({
      type: z.string(),
      value: z.string().nullish(),
      selected_date: z.string().nullish(),
      selected_option: z.object({ value: z.string() }).nullish(),
    }),
  ),
);
export type ViewStateValues = z.infer<typeof viewStateValuesSchema>;

export const viewSubmissionPayload = z.object({
  user,
  view: z.object({
    id: z.string().min(1),
    private_metadata: z.string().optional(),
    state: z.object({ values: viewStateValuesSchema }),
  }),
});

export const globalShortcutPayload = z.object({ user, trigger_id: z.string().min(1) });

export const messageShortcutPayload = z.object({
  user,
  trigger_id: z.string().min(1),
  response_url: responseUrl,
  channel: z.object({ id: z.string().min(1) }),
  message: z.object({ text: z.string().optional() }),
});

/** A click on an approval button (in the approval channel's message or on App Home): only who, where, and the id. */
export const approvalClickPayload = z.object({
  user,
  trigger_id: z.string().min(1),
  response_url: responseUrl.optional(),
  channel: z.object({ id: z.string().min(1) }).nullish(),
  container: z.object({ type: z.string(), message_ts: z.string().min(1).optional(), channel_id: z.string().min(1).optional() }),
  /** The message the button was on: who posted it (`bot_id`, for a bot's message). */
  message: z.object({ bot_id: z.string().nullish() }).nullish(),
  actions: z.array(z.object({ action_id: z.string(), value: z.string().regex(REQUEST_ID_PATTERN) })).min(1),
});

export const homeOpenedEvent = z.object({ user: z.string().min(1), tab: z.string().optional() });
