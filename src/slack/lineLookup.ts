import type { Line } from '../freebit/index.js';
import type { PhoneNumber } from '../phone.js';
import type { Block, MessageBody } from './blocks.js';
import { voiceOf, type SlackDeps } from './deps.js';
import { describeError } from './errors.js';
import { lineCardBlocks, lineCardText, type CardPlacement } from './lineCard.js';
import type { Voice } from './voice.js';

export type LineReading = { ok: true; line: Line; readAt: number } | { ok: false; sentence: string };

/**
 * One PA03-02 call for a card, for a user (whose language is fetched beside the call, not
 * before it, and cached) or for a voice already known (a modal carries its language), so the
 * card costs the Freebit call and nothing else.
 */
export async function readLineFor(deps: SlackDeps, who: string | Voice, phone: PhoneNumber): Promise<{ voice: Voice; reading: LineReading }> {
  const [voice, reading] = await Promise.all([
    typeof who === 'string' ? voiceOf(deps, who) : who,
    deps.lines.lookupLine(phone).then(
      (line): { ok: true; line: Line; readAt: number } => ({ ok: true, line, readAt: deps.clock.now() }),
      (error: unknown) => ({ ok: false as const, error }),
    ),
  ]);
  if (reading.ok) return { voice, reading };
  return { voice, reading: { ok: false, sentence: describeError(reading.error, voice.t, { logger: deps.logger, freebitTimeoutMs: deps.freebitTimeoutMs, phone }) } };
}

/** The card as a message, or the sentence saying why there is none. */
export function lineCardMessage(voice: Voice, reading: LineReading, placement: CardPlacement): MessageBody {
  if (!reading.ok) return voice.message(reading.sentence);
  return voice.message(lineCardText(reading.line, voice.t), lineCardBlocks({ line: reading.line, readAt: reading.readAt, placement }, voice.t));
}

/** The same for a modal (which adds its own SANDBOX banner). */
export function lineCardContent(voice: Voice, reading: LineReading): { blocks: Block[] } | { text: string } {
  if (!reading.ok) return { text: reading.sentence };
  return { blocks: lineCardBlocks({ line: reading.line, readAt: reading.readAt, placement: { kind: 'modal' } }, voice.t) };
}
