import type { App } from '@slack/bolt';
import type { SlackDeps } from './deps.js';
import { registerActions } from './listeners/actions/index.js';
import { registerCommands } from './listeners/commands/index.js';
import { registerEvents } from './listeners/events/index.js';
import { registerShortcuts } from './listeners/shortcuts/index.js';
import { registerViews } from './listeners/views/index.js';

export type { ChangeDraft, ChangeRequestInput, ChangeRequestOutcome } from '../workflow/index.js';
export type { ApprovalDesk, LineReader, SlackDeps } from './deps.js';
export { SlackApprovalMessenger, SlackDirectory } from './approvals/index.js';
export { SlackPeople } from './people.js';
export { SlackChannels } from './channels.js';

/** Every listener of the Slack surface, one file each under listeners/. */
export function registerListeners(app: App, deps: SlackDeps): void {
  registerCommands(app, deps);
  registerActions(app, deps);
  registerViews(app, deps);
  registerShortcuts(app, deps);
  registerEvents(app, deps);
}
