/**
 * The pace of the bot's own calls to Freebit: a request's lines (their pre-flight, the look-up
 * right before each call, the call), and the follow-up polls. One budget, shared by every
 * replica on the store (Store.pace: one counter in Redis), so three replicas still send as
 * many as one. A person's own look-up (the card, a refresh) never waits for it.
 */
export const FREEBIT_BACKGROUND_PACE = 'freebit-background';

/** Calls per second, by default. */
export const FREEBIT_BACKGROUND_RATE = 20;
