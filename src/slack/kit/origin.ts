import { z } from 'zod';
import { REQUEST_ID_PATTERN } from '../../workflow/index.js';
import { LOCALES, type Locale } from '../i18n/index.js';

/**
 * Where a modal came from, carried in its `private_metadata` (Slack returns it untouched with
 * the submission): the language it was drawn in, so that field errors need no Slack call
 * before `ack()`, and where to answer once it is submitted. The reject form also carries the
 * request it rejects and whether it was opened from App Home.
 */
export interface FormOrigin {
  locale: Locale;
  /** The response_url of the command or button that opened it (valid 30 minutes). */
  responseUrl?: string;
  channelId?: string;
  /** The request a rejection is about (the reject form). */
  requestId?: string;
  /** The form was opened from App Home (which is drawn again once it is submitted). */
  onHome?: boolean;
  /** The pre-flight a summary of several lines shows (workflow LineCheck id): the lines stay in the store, not in the view. */
  checkId?: string;
}

const originSchema = z.object({
  l: z.enum(LOCALES as [Locale, ...Locale[]]).catch('en'),
  r: z
    .url({ protocol: /^https?$/ })
    .optional()
    .catch(undefined),
  c: z
    .string()
    .regex(/^[CGD][A-Z0-9]+$/)
    .optional()
    .catch(undefined),
  q: z.string().regex(REQUEST_ID_PATTERN).optional().catch(undefined),
  h: z.literal(1).optional().catch(undefined),
  k: z.uuid().optional().catch(undefined),
});

export function encodeOrigin(origin: FormOrigin): string {
  return JSON.stringify({
    l: origin.locale,
    ...(origin.responseUrl ? { r: origin.responseUrl } : {}),
    ...(origin.channelId ? { c: origin.channelId } : {}),
    ...(origin.requestId ? { q: origin.requestId } : {}),
    ...(origin.onHome ? { h: 1 } : {}),
    ...(origin.checkId ? { k: origin.checkId } : {}),
  });
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
  const { l, r, c, q, h, k } = parsed.data;
  return {
    locale: l,
    ...(r ? { responseUrl: r } : {}),
    ...(c ? { channelId: c } : {}),
    ...(q ? { requestId: q } : {}),
    ...(h ? { onHome: true } : {}),
    ...(k ? { checkId: k } : {}),
  };
}
