export { SlackApprovalMessenger } from './messenger.js';
export { SlackDirectory } from './directory.js';
export { approvalMessage } from './approvalMessage.js';
export { threadReply } from './threadReply.js';
