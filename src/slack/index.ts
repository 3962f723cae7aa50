export type { ChangeDraft, ChangeRequestInput, ChangeRequestOutcome } from '../workflow/index.js';
export type { ApprovalDesk, LineReader, SlackDeps } from './deps.js';
export { SlackApprovalMessenger, SlackDirectory } from './approvals/index.js';
export { SlackPeople } from './people.js';
export { SlackChannels } from './channels.js';
export { registerListeners } from './listeners/index.js';
