/**
 * Start-up and shut-down as components (ARCHITECTURE.md "Start and stop"): each part of the bot
 * (the HTTP server, the store, Freebit or the embedded sandbox, the Slack app, the workflow…)
 * is a `Component` whose `start` gives what later parts use together with its own stop. They
 * start in order and stop in reverse; when one fails to start, those already started are
 * stopped, last first, and the failure is thrown on.
 */
import type { Logger } from './logger.js';
import { withDeadline } from './timeout.js';

/** A started part: how to stop it, and what the parts started after it use (`value`). */
export type Started<T = void> = {
  /** Stops it; called once. */
  stop(): Promise<void>;
  /** What the part still holds that a given-up stop drops (jobs, owed replies, entries), for the log, in full. */
  holding?(): Record<string, unknown>;
  /**
   * Told at once when the stop of the whole begins, before any part stops (the drain): a part
   * that takes up work by itself claims no new work from then on.
   */
  drain?(): void;
} & (void extends T ? { value?: T } : { value: T });

export interface Component<T = void> {
  /** Names the part in the log when its stop fails (`<name>.stop_failed`). */
  readonly name: string;
  /** Starts the part: what later parts use, and its stop. A start that throws has nothing to stop. */
  start(): Promise<Started<T>>;
  /**
   * How long its stop may take (a stalled store must not hold the process up): past it, the
   * stop is given up, what the part still holds is logged (`holding`) and the next part stops.
   */
  readonly stopWithinMs?: number;
}

/** A stack of started components: `start` one after another, `stop` them all in reverse. */
export class Components {
  private readonly started: Array<{ component: Component<unknown>; running: Started<unknown> }> = [];
  private stopping: Promise<void> | undefined;

  constructor(private readonly logger: Logger) {}

  /** Starts `component` and remembers to stop it. Refused once the stop has begun. */
  async start<T>(component: Component<T>): Promise<T> {
    if (this.stopping) throw new Error(`${component.name} cannot start: stopping`);
    const running = await component.start();
    this.started.push({ component: component as Component<unknown>, running: running as Started<unknown> });
    return running.value as T;
  }

  /**
   * Starts parts that need none of each other at once (parts whose start mostly waits on the
   * disk or the network), each given when it is ready to be built (`undefined`: not started);
   * they are remembered, and so stopped, as if started one after another in the order given.
   * When one fails, the others are still waited for, so that the stop finds every one that
   * started; the first failure in that order is thrown.
   */
  async startTogether<T extends readonly unknown[]>(components: {
    readonly [K in keyof T]: Promise<Component<NonNullable<T[K]>> | (undefined extends T[K] ? undefined : never)>;
  }): Promise<{ -readonly [K in keyof T]: T[K] }> {
    if (this.stopping) throw new Error('cannot start: stopping');
    const settled = await Promise.allSettled(
      (components as ReadonlyArray<Promise<Component<unknown> | undefined>>).map(async (pending) => {
        const component = await pending;
        return component && { component, running: (await component.start()) as Started<unknown> };
      }),
    );
    for (const each of settled) if (each.status === 'fulfilled' && each.value) this.started.push(each.value);
    const failed = settled.find((each) => each.status === 'rejected');
    if (failed) throw failed.reason;
    return settled.map((each) => (each.status === 'fulfilled' ? each.value?.running.value : undefined)) as {
      -readonly [K in keyof T]: T[K];
    };
  }

  /**
   * Tells every part the drain has begun, then stops what started, last first, each after the
   * one started after it has stopped. A part whose stop fails is logged and the others still
   * stop. Safe to call twice.
   */
  stop(): Promise<void> {
    return (this.stopping ??= (async () => {
      const started = this.started.reverse();
      for (const { running } of started) running.drain?.();
      for (const { component, running } of started) {
        const stopping = running
          .stop()
          .catch((error: unknown) =>
            this.logger.warn({ event: `${component.name}.stop_failed`, err: error }, `${component.name} did not stop cleanly`),
          );
        const within = component.stopWithinMs;
        if (within === undefined) {
          await stopping;
          continue;
        }
        await withDeadline(stopping, within, () => {
          this.logger.error(
            { event: `${component.name}.stop_gave_up`, withinMs: within, dropped: running.holding?.() ?? {} },
            `${component.name} did not stop within ${within} ms: given up, and what it still held is dropped (named here); the store keeps what it had written`,
          );
        });
      }
    })());
  }
}

/**
 * Starts the parts in order with `build`, which calls `components.start(…)` for each one; if
 * any of them fails, stops those started and throws its error.
 */
export async function startComponents<T>(
  logger: Logger,
  build: (components: Components) => Promise<T>,
): Promise<{ value: T; components: Components }> {
  const components = new Components(logger);
  try {
    return { value: await build(components), components };
  } catch (error) {
    await components.stop();
    throw error;
  }
}
