import { createRequire } from 'node:module';
import type * as LosslessJson from 'lossless-json';
import { z } from 'zod';
import type { PhoneNumber } from '../phone.js';
import { ASYNC_FUNCTIONS, LINE_STATES, type Line } from './types.js';

// lossless-json's one-file CommonJS build: its ES modules cost 10–15 ms of every start, this 1 ms (npm run bench:startup).
const { parse: parseLossless } = createRequire(import.meta.url)('lossless-json') as typeof LosslessJson;

/**
 * docs/freebit.md, "Loose types". Every JSON number is read as its digits, so a 19-digit
 * ICCID keeps its last digit and a bare-number account keeps what it has left of itself.
 */
export function readAnswerText(text: string): unknown {
  return parseLossless(text, undefined, (digits: string) => digits);
}

/** The `json` form field every operation sends (docs/freebit.md, "Wire format"). */
export function encodeRequest(payload: Record<string, unknown>): string {
  return new URLSearchParams({ json: JSON.stringify(payload) }).toString();
}

const looseText = z.union([z.string(), z.number()]).transform(String);
const looseCode = looseText.pipe(z.string().regex(/^\d+$/)).transform(Number);

/** What every answer carries (docs/freebit.md, "Wire format"): the detail code and the HTTP-like status class. */
export const envelopeSchema = z.object({
  resultCode: looseCode,
  status: z.object({ statusCode: looseCode.optional(), message: z.string().optional() }).optional(),
});
export type Envelope = z.infer<typeof envelopeSchema>;

export const authAnswerSchema = envelopeSchema.extend({ authKey: z.string().min(1) });

const registrationResult = z.object({ kind: z.string().optional(), account: looseText.optional(), resultCode: looseCode.optional() });

/**
 * PA02-01: per-line results; a line may be refused even when the whole answer is 100. docs/freebit.md:
 * `responseDatas` is an array in some answers and a single object in others; both read as a list.
 */
export const registrationAnswerSchema = envelopeSchema.extend({
  responseDatas: z.union([z.array(registrationResult), registrationResult.transform((entry) => [entry])]).optional(),
});

// docs/freebit.md, "Loose types": in PA03-02 `account` can come back as a bare number, its leading 0 gone.
const mvnoAccount = looseText.transform((digits) => (/^\d{1,10}$/.test(digits) ? digits.padStart(11, '0') : digits));

const onOff = looseText.transform((value) => value === '10');
const optionalText = looseText.optional().transform((value) => (value === '' ? undefined : value));

const pendingChange = z
  .union([z.object({ func: z.enum(ASYNC_FUNCTIONS), date: optionalText }), z.object({}).strict(), z.array(z.never())])
  .optional()
  .transform((value) => (value && 'func' in value ? { func: value.func, ...(value.date ? { date: value.date } : {}) } : undefined));

const lineDetail = z.object({
  kind: z.string().optional(),
  account: mvnoAccount,
  state: z.enum(LINE_STATES),
  planCode: optionalText,
  contractLine: optionalText,
  size: optionalText,
  iccid: optionalText,
  imsi: optionalText,
  sms: onOff.optional(),
  talk: onOff.optional(),
  ipv4: optionalText,
  ipv6: optionalText,
  quota: optionalText,
  startDate: optionalText,
  async: pendingChange,
});

/** PA03-02: `responseDatas` is an object for a non-master account, an array in other answers. */
export const lineAnswerSchema = envelopeSchema.extend({
  masterAccount: optionalText,
  responseDatas: z.union([lineDetail, z.array(lineDetail).min(1)]),
});

export function toLine(answer: z.infer<typeof lineAnswerSchema>): Line {
  const details = Array.isArray(answer.responseDatas) ? answer.responseDatas : [answer.responseDatas];
  const detail = details.find((entry) => entry.kind === undefined || entry.kind === 'MVNO') ?? details[0]!;
  const line: Line = {
    phone: detail.account as PhoneNumber,
    state: detail.state,
    planCode: detail.planCode,
    contractLine: detail.contractLine,
    simSize: detail.size,
    iccid: detail.iccid,
    imsi: detail.imsi,
    sms: detail.sms,
    voice: detail.talk,
    ipv4: detail.ipv4,
    ipv6: detail.ipv6,
    quota: detail.quota,
    startDate: detail.startDate,
    masterAccount: answer.masterAccount,
    pendingChange: detail.async,
  };
  // Optional fields stay absent rather than `undefined`, so a line compares and stores cleanly.
  return Object.fromEntries(Object.entries(line).filter(([, value]) => value !== undefined)) as unknown as Line;
}
