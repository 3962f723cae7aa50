import type { Line } from '../../freebit/index.js';
import type { PhoneNumber } from '../../phone.js';
import type { LookupSurface } from '../../workflow/index.js';
import type { Block, MessageBody } from '../kit/blocks.js';
import type { Mrkdwn } from '../i18n/index.js';
import { voiceOf, type SlackDeps } from '../deps.js';
import { describeError } from '../errors.js';
import { lineCardBlocks, lineCardText, type CardPlacement } from './lineCard.js';
import type { Voice } from '../kit/voice.js';

export type LineReading = { ok: true; line: Line; readAt: number } | { ok: false; sentence: Mrkdwn };

/** Who a line is about to be shown to, where: what the access check and the access log need. */
export interface Viewer {
  userId: string;
  /** Their language, when already known (a modal carries it); else fetched beside the lookup. */
  voice?: Voice;
  surface: LookupSurface;
  /** The channel it is shown in or asked from, if any. */
  channelId?: string | undefined;
}

/**
 * One PA03-02 call for a card, for a person who may see it: the access check comes first
 * (cached, so it costs no Slack call on a warm path), then the look is written to the access
 * log (one store write, which is also the LOOKUP_MAX_PER_HOUR check), beside the Freebit call
 * when the person is far from the ceiling (Approvals.admitLook); the card waits for both.
 * Someone refused, past the ceiling, or whose look the store cannot record gets the sentence
 * and is shown nothing of the line.
 */
export async function readLineFor(deps: SlackDeps, viewer: Viewer, phone: PhoneNumber): Promise<{ voice: Voice; reading: LineReading }> {
  const [voice, reading] = await Promise.all([
    viewer.voice ?? voiceOf(deps, viewer.userId),
    deps.approvals
      .admitLook({ userId: viewer.userId, phones: [phone], surface: viewer.surface, channelId: viewer.channelId }, () =>
        deps.lines.lookupLine(phone),
      )
      .then(
        (line): { ok: true; line: Line; readAt: number } => ({ ok: true, line, readAt: deps.clock.now() }),
        (error: unknown) => ({ ok: false as const, error }),
      ),
  ]);
  if (reading.ok) return { voice, reading };
  return {
    voice,
    reading: {
      ok: false,
      sentence: describeError(reading.error, voice.t, { logger: deps.logger, freebitTimeoutMs: deps.freebitTimeoutMs, phone }),
    },
  };
}

/** The card as a message, or the sentence saying why there is none. */
export function lineCardMessage(voice: Voice, reading: LineReading, placement: CardPlacement): MessageBody {
  if (!reading.ok) return voice.message(reading.sentence);
  return voice.message(
    lineCardText(reading.line, voice.t),
    lineCardBlocks({ line: reading.line, readAt: reading.readAt, placement }, voice.t),
  );
}

/** The same for a modal (which adds its own SANDBOX banner). */
export function lineCardContent(voice: Voice, reading: LineReading): { blocks: Block[] } | { text: Mrkdwn } {
  if (!reading.ok) return { text: reading.sentence };
  return { blocks: lineCardBlocks({ line: reading.line, readAt: reading.readAt, placement: { kind: 'modal' } }, voice.t) };
}
