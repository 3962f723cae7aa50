/**
 * Block Kit and Slack's markup as a person reads them, as plain lines: what `npm run demo`
 * prints, and what the README shows of a message or a form (test/readme.test.ts checks those
 * against the builders).
 */
import { nameToEmoji } from 'gemoji';
import { visibleText } from './blockText.js';

/** How people and channels are named in what is printed. */
export interface Names {
  /** A person's short name, without the @ ("Sato"). */
  person(userId: string): string;
  /** A channel's name, with its # ("#approvals"). */
  channel(channelId: string): string;
}

/** `:tada:` as 🎉; Slack's coloured circles are `:large_green_circle:` where GitHub's names say `:green_circle:`. */
export function emojify(text: string): string {
  return text.replace(
    /:([a-z0-9_+-]+):/g,
    (code, name: string) => nameToEmoji[name] ?? nameToEmoji[name.replace(/^large_(\w+_circle)$/, '$1')] ?? code,
  );
}

/** Slack's markup as a person reads it: <@U…> is a name, <#C…> a channel, <url|label> its label, :tada: 🎉, *bold* plain. */
export function readable(text: string, names: Names): string {
  return emojify(text)
    .replace(/(^|[\s(])\*([^*\n]+)\*(?=$|[\s).,:;!?])/gm, '$1$2')
    .replace(/`([^`\n]+)`/g, '$1')
    .replace(/<@([A-Z0-9]+)>/g, (_, id: string) => `@${names.person(id)}`)
    .replace(/<#([A-Z0-9]+)(\|[^>]*)?>/g, (_, id: string) => names.channel(id))
    .replace(/<([^|>]+)\|([^>]+)>/g, '$2')
    .replace(/\n{2,}/g, '\n')
    .trim();
}

const SANDBOX_BANNER = /^:test_tube: \*SANDBOX\*.*$/;

/**
 * Block Kit as a person reads it, still in Slack's markup (see `readable`): text, fields as
 * "Label: value", buttons as [Label], form inputs as "Label: ____", a form's submit button
 * last; the SANDBOX banner left out.
 */
export function render(blocks: unknown, submit?: { text?: string }): string {
  const lines: string[] = [];
  const textOf = (value: unknown) => String((value as { text?: unknown } | undefined)?.text ?? '');
  for (const block of (Array.isArray(blocks) ? blocks : []) as Array<Record<string, unknown>>) {
    switch (block.type) {
      case 'header':
      case 'section':
        if (block.text) lines.push(textOf(block.text));
        for (const field of (block.fields as unknown[] | undefined) ?? []) lines.push(textOf(field).replace('\n', ': '));
        if ((block.accessory as { type?: string } | undefined)?.type === 'button')
          lines.push(`[${textOf((block.accessory as { text: unknown }).text)}]`);
        break;
      case 'context':
        lines.push(((block.elements as unknown[] | undefined) ?? []).map(textOf).join(' '));
        break;
      case 'actions':
        lines.push(
          ((block.elements as Array<{ text?: unknown }> | undefined) ?? []).map((element) => `[${textOf(element.text)}]`).join(' '),
        );
        break;
      case 'input': {
        const initial = (block.element as { initial_value?: string; initial_date?: string } | undefined) ?? {};
        lines.push(
          `${textOf(block.label)}: ${initial.initial_value ?? initial.initial_date ?? '____'}${block.hint ? `  (${textOf(block.hint)})` : ''}`,
        );
        break;
      }
      default:
        if (block.type !== 'divider') lines.push(visibleText([block]));
    }
  }
  if (submit?.text) lines.push(`[${submit.text}]`);
  return lines.filter((line) => line !== '' && !SANDBOX_BANNER.test(line)).join('\n');
}
