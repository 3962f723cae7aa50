export { startSandbox, BASE_PATH, DEFAULT_PLAN_CODES } from './server.js';
export type * from './types.js';
