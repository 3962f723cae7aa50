import { z } from 'zod';
import type { Locale } from './messages.js';

/**
 * Where a modal came from, carried in its `private_metadata` (Slack returns it untouched with
 * the submission): the language it was drawn in, so that field errors need no Slack call
 * before `ack()`, and where to answer once it is submitted.
 */
export interface FormOrigin {
  locale: Locale;
  /** The response_url of the command or button that opened it (valid 30 minutes). */
  responseUrl?: string;
  channelId?: string;
}

const originSchema = z.object({
  l: z.enum(['en', 'ja']).catch('en'),
  r: z.url({ protocol: /^https?$/ }).optional().catch(undefined),
  c: z.string().regex(/^[CGD][A-Z0-9]+$/).optional().catch(undefined),
});

export function encodeOrigin(origin: FormOrigin): string {
  return JSON.stringify({ l: origin.locale, ...(origin.responseUrl ? { r: origin.responseUrl } : {}), ...(origin.channelId ? { c: origin.channelId } : {}) });
}

/** Never throws: a modal whose metadata cannot be read still answers, in English, by DM. */
export function decodeOrigin(metadata: string | undefined): FormOrigin {
  let json: unknown = {};
  try {
    json = JSON.parse(metadata || '{}');
  } catch {
    json = {};
  }
  const parsed = originSchema.safeParse(json);
  if (!parsed.success) return { locale: 'en' };
  const { l, r, c } = parsed.data;
  return { locale: l, ...(r ? { responseUrl: r } : {}), ...(c ? { channelId: c } : {}) };
}
