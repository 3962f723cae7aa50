import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { en } from '../src/slack/i18n/index.js';
import { COMMAND, SHORTCUTS } from '../src/slack/kit/ids.js';

// Read as text, comments dropped: enough to check the few lines the bot depends on.
const manifest = readFileSync(resolve(import.meta.dirname, '../manifest.yml'), 'utf8')
  .split('\n')
  .filter((line) => !line.trim().startsWith('#'))
  .join('\n');

describe('manifest.yml', () => {
  test('declares the command the bot listens for', () => {
    expect(manifest).toContain(`- command: ${COMMAND}\n`);
  });

  test('declares both shortcuts with the callback ids the bot listens for', () => {
    expect(manifest).toMatch(new RegExp(`type: global\\n\\s+callback_id: ${SHORTCUTS.lookUpLine}\\n`));
    expect(manifest).toMatch(new RegExp(`type: message\\n\\s+callback_id: ${SHORTCUTS.lookUpNumbersInMessage}\\n`));
  });

  test('the command’s usage hint gives each change as the bot’s own usage line does (several numbers: `<phone…>`)', () => {
    const hint = /usage_hint: "([^"]+)"/.exec(manifest)?.[1]?.split(' | ');
    for (const operation of ['cancel', 'contract', 'register'] as const)
      expect(hint).toContain(en.operations[operation].usage.replaceAll('`', ''));
  });

  test('sends the command, interactivity and events to /slack/events', () => {
    const urls = [...manifest.matchAll(/(?:url|request_url): (\S+)/g)].map((match) => match[1]);
    expect(urls).toEqual(['https://YOUR-HOST/slack/events', 'https://YOUR-HOST/slack/events', 'https://YOUR-HOST/slack/events']);
  });

  test('has the App Home tab and subscribes to its opening', () => {
    expect(manifest).toContain('home_tab_enabled: true');
    expect(manifest).toMatch(/bot_events:\n\s+- app_home_opened\n/);
  });

  test('asks for the least scopes: commands, chat:write, users:read, usergroups:read, history to find its own messages again, and channels’ info to keep line data out of shared channels', () => {
    const scopes = /bot:\n((?:\s+- \S+\n)+)/.exec(manifest)?.[1];
    expect(
      scopes
        ?.split('\n')
        .map((line) => line.trim().replace(/^- /, ''))
        .filter(Boolean),
    ).toEqual([
      'commands',
      'chat:write',
      'users:read',
      'usergroups:read',
      'channels:history',
      'groups:history',
      'channels:read',
      'groups:read',
      'im:read',
      'mpim:read',
      'files:write',
      'im:write',
    ]);
  });
});
