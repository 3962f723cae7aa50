/**
 * Start-up and shut-down as components (ARCHITECTURE.md, "Start and stop"): each part of the bot
 * (the HTTP server, the store, Freebit or the embedded sandbox, the Slack app, the workers…)
 * is a `{ start, stop }`. They start in order and stop in reverse; when one fails to start,
 * those already started are stopped, last first, and the failure is thrown on.
 */
import type { Logger } from './logger.js';
import { withDeadline } from './timeout.js';

export interface Component<T = void> {
  /** Names the part in the log when its stop fails (`<name>.stop_failed`). */
  readonly name: string;
  /** Starts the part and gives what later parts use (the store, a client…). */
  start(): Promise<T>;
  /** Stops it; called once, and only when `start` succeeded. */
  stop(): Promise<void>;
  /**
   * How long its stop may take (a stalled store must not hold the process up): past it, the
   * stop is given up, what the part still holds is logged (`holding`) and the next part stops.
   */
  readonly stopWithinMs?: number;
  /** What the part still holds that a given-up stop drops (jobs, owed replies, entries), for the log, in full. */
  holding?(): Record<string, unknown>;
}

/** A stack of started components: `start` one after another, `stop` them all in reverse. */
export class Components {
  private readonly started: Array<Component<unknown>> = [];
  private stopping: Promise<void> | undefined;

  constructor(private readonly logger: Logger) {}

  /** Starts `component` and remembers to stop it. Refused once the stop has begun. */
  async start<T>(component: Component<T>): Promise<T> {
    if (this.stopping) throw new Error(`${component.name} cannot start: stopping`);
    const value = await component.start();
    this.started.push(component as Component<unknown>);
    return value;
  }

  /**
   * Stops what started, last first, each after the one started after it has stopped. A part
   * whose stop fails is logged and the others still stop. Safe to call twice.
   */
  stop(): Promise<void> {
    return (this.stopping ??= (async () => {
      for (const component of this.started.reverse()) {
        const stopping = component
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
            { event: `${component.name}.stop_gave_up`, withinMs: within, dropped: component.holding?.() ?? {} },
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
