/** Reading Block Kit the way a person does: the words and the buttons. */

/** All the text a person reads in a message or view, flattened (section text, fields, context, header, buttons). */
export function visibleText(blocksOrBody: unknown): string {
  const parts: string[] = [];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (typeof value !== 'object' || value === null) return;
    const object = value as Record<string, unknown>;
    if ((object.type === 'plain_text' || object.type === 'mrkdwn') && typeof object.text === 'string') parts.push(object.text);
    for (const [key, child] of Object.entries(object)) if (key !== 'private_metadata') walk(child);
  };
  walk(blocksOrBody);
  return parts.join('\n');
}

/** The buttons of a message or view, as a person sees them (their labels). */
export function buttonLabels(blocks: unknown): string[] {
  const labels: string[] = [];
  for (const block of (blocks as Array<Record<string, unknown>>) ?? []) {
    if (block.type !== 'actions') continue;
    for (const element of block.elements as Array<Record<string, unknown>>) {
      if (element.type === 'button') labels.push((element.text as { text: string }).text);
    }
  }
  return labels;
}

/** One button of a card, to click it. */
export function findButton(blocks: unknown, actionId: string): { action_id: string; value?: string } {
  for (const block of (blocks as Array<Record<string, unknown>>) ?? []) {
    if (block.type !== 'actions') continue;
    for (const element of block.elements as Array<Record<string, unknown>>) {
      if (element.action_id === actionId) return element as { action_id: string; value?: string };
    }
  }
  throw new Error(`no button ${actionId} in ${JSON.stringify(blocks).slice(0, 300)}`);
}

/** The action ids of every interactive element in some blocks (buttons, inputs), in order. */
export function actionIds(blocks: unknown): string[] {
  const ids: string[] = [];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (typeof value !== 'object' || value === null) return;
    const object = value as Record<string, unknown>;
    if (typeof object.action_id === 'string') ids.push(object.action_id);
    for (const child of Object.values(object)) walk(child);
  };
  walk(blocks);
  return ids;
}

/** The block ids of some blocks, in order. */
export function blockIds(blocks: unknown): string[] {
  return (Array.isArray(blocks) ? blocks : []).flatMap((block) =>
    typeof (block as { block_id?: unknown }).block_id === 'string' ? [(block as { block_id: string }).block_id] : [],
  );
}
