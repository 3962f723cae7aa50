import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { COMMAND } from '../../kit/ids.js';
import { freebitCommand } from './freebit.js';

export function registerCommands(app: App, deps: SlackDeps): void {
  app.command(COMMAND, freebitCommand(deps));
}
