import type { App, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { dispatchById } from '../../interactions/dispatch.js';
import { SHORTCUTS } from '../../kit/ids.js';
import { lookUpLine } from './lookUpLine.js';
import { lookUpNumbersInMessage } from './lookUpNumbersInMessage.js';

export function registerShortcuts(app: App, deps: SlackDeps): void {
  app.shortcut(
    /^/,
    dispatchById<SlackShortcutMiddlewareArgs>('shortcut', ({ shortcut }) => `${shortcut.type}:${shortcut.callback_id}`, {
      [`shortcut:${SHORTCUTS.lookUpLine}`]: lookUpLine(deps),
      [`message_action:${SHORTCUTS.lookUpNumbersInMessage}`]: lookUpNumbersInMessage(deps),
    }),
  );
}
