export { SlackApprovalMessenger } from './messenger.js';
export { SlackDirectory } from './directory.js';
