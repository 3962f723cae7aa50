// Moved to tools/slackDouble/bulk.ts (the demo runs on it too); the tests import it from here.
export * from '../../tools/slackDouble/bulk.js';
