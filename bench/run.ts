/** `npm run bench`: every benchmark, one after the other, so they do not share the two cores. */
import { benchBulk } from './bulk.js';
import { benchFollowUps } from './follow-ups.js';
import { benchFreebitClient } from './freebit-client.js';
import { benchHistory } from './history.js';
import { benchParse } from './parse.js';
import { benchSlackBusy } from './slack-busy.js';
import { benchSlackLookup } from './slack-lookup.js';
import { benchStartup } from './startup.js';

await benchFreebitClient();
await benchSlackLookup();
await benchSlackBusy();
await benchFollowUps();
await benchBulk();
await benchStartup();
await benchHistory();
benchParse();
