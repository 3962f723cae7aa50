// Moved to tools/slackDouble/ (the demo and the benchmark use it too); the tests import it from here.
export * from '../../tools/slackDouble/bulk.js';
