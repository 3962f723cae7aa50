import type { AllMiddlewareArgs, Middleware } from '@slack/bolt';

type AnyArgs = AllMiddlewareArgs & { ack: (response?: never) => Promise<void> };

/**
 * One Bolt listener per surface that hands each request to the handler for its id. Bolt runs
 * every registered listener's filters on every request (about 5 µs each), so fourteen
 * listeners would tax every lookup; one per surface keeps the lookup path as short as a
 * one-listener bot's, however many buttons and forms are added. Each handler still lives in
 * its own file; the surface's index.ts names them here.
 */
export function dispatchById<Args>(
  surface: string,
  idOf: (args: Args) => string | undefined,
  handlers: Record<string, Middleware<never>>,
): Middleware<Args> {
  return async (args) => {
    const id = idOf(args);
    const handler = id === undefined ? undefined : handlers[id];
    if (handler) return (handler as unknown as Middleware<Args>)(args);
    // Slack shows an error to the person unless every request is acknowledged.
    const { ack, logger } = args as unknown as AnyArgs;
    logger.debug(`no ${surface} handler for ${String(id)}`);
    await ack();
  };
}
