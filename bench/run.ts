/** `npm run bench`: every benchmark, one after the other, so they do not share the two cores. */
import { benchFollowUps } from './follow-ups.js';
import { benchFreebitClient } from './freebit-client.js';

await benchFreebitClient();
await benchFollowUps();
