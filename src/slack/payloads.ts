import { z } from 'zod';
import { viewStateValuesSchema } from './forms.js';

/**
 * The parts of Slack's payloads the listeners rely on, checked at the edge (Bolt types them,
 * but does not check them). A payload that does not match is logged and acknowledged, never
 * half-handled.
 */
const user = z.looseObject({ id: z.string().min(1) });

export const commandPayload = z.looseObject({
  user_id: z.string().min(1),
  channel_id: z.string().min(1),
  text: z.string().default(''),
  trigger_id: z.string().min(1),
  response_url: z.url(),
});

export const cardActionPayload = z.looseObject({
  user,
  trigger_id: z.string().min(1),
  response_url: z.url().optional(),
  channel: z.looseObject({ id: z.string().min(1) }).nullish(),
  container: z.looseObject({ type: z.string(), is_ephemeral: z.boolean().optional() }),
  view: z.looseObject({ id: z.string().min(1), private_metadata: z.string().optional() }).nullish(),
  actions: z.array(z.looseObject({ action_id: z.string(), value: z.string().optional() })).min(1),
});
export type CardActionPayload = z.infer<typeof cardActionPayload>;

export const viewSubmissionPayload = z.looseObject({
  user,
  view: z.looseObject({
    id: z.string().min(1),
    private_metadata: z.string().optional(),
    state: z.looseObject({ values: viewStateValuesSchema }),
  }),
});

export const globalShortcutPayload = z.looseObject({ user, trigger_id: z.string().min(1) });

export const messageShortcutPayload = z.looseObject({
  user,
  trigger_id: z.string().min(1),
  response_url: z.url(),
  channel: z.looseObject({ id: z.string().min(1) }),
  message: z.looseObject({ text: z.string().optional() }),
});

export const homeOpenedEvent = z.looseObject({ user: z.string().min(1), tab: z.string().optional() });
