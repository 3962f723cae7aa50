/**
 * Block Kit's documented limits (docs.slack.dev, reference/block-kit), in one place: the
 * builders in `blocks.ts` clip to them, and the end-to-end test checks everything the bot
 * sent against the same table. Slack refuses a whole message or view (`invalid_blocks`)
 * when one string is one character too long, so clipping is not optional.
 */
export const BLOCK_KIT_LIMITS = {
  /** chat.postMessage, chat.postEphemeral, response_url: blocks per message. */
  blocksPerMessage: 50,
  /** views.open/update/push/publish: blocks per modal or Home tab. */
  blocksPerView: 100,
  /** Top-level `text` of a message (Slack truncates beyond 40,000; 4,000 is its advice). */
  messageText: 4_000,
  sectionText: 3_000,
  sectionFields: 10,
  sectionFieldText: 2_000,
  headerText: 150,
  contextElements: 10,
  /** Any text object not listed more precisely. */
  textObject: 3_000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2_000,
  actionId: 255,
  blockId: 255,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  viewTitle: 24,
  viewSubmit: 24,
  viewClose: 24,
  callbackId: 255,
  privateMetadata: 3_000,
  inputLabel: 2_000,
  inputHint: 2_000,
  placeholder: 150,
  plainTextInputMaxLength: 3_000,
  optionText: 75,
  optionValue: 150,
  optionDescription: 75,
  selectOptions: 100,
  radioOptions: 10,
  /** Field errors in a `response_action: errors` answer (each message). */
  fieldError: 2_000,
} as const;

export type BlockKitLimit = keyof typeof BLOCK_KIT_LIMITS;

/** Shortens to `max` characters (counting code points, as Slack does), ending with an ellipsis. */
export function clip(text: string, max: number): string {
  // UTF-16 length is never less than the number of code points: most strings stop here.
  if (text.length <= max) return text;
  const characters = Array.from(text);
  if (characters.length <= max) return text;
  return `${characters.slice(0, Math.max(0, max - 1)).join('')}…`;
}

export function clipTo(text: string, limit: BlockKitLimit): string {
  return clip(text, BLOCK_KIT_LIMITS[limit]);
}
