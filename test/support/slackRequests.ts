// Moved to tools/slackDouble/ (the demo runs on it too); the tests import it from here.
export * from '../../tools/slackDouble/requests.js';
