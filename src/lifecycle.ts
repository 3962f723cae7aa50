/**
 * Start-up and shut-down as components (DESIGN.md "Composition root"): each part of the bot
 * (the HTTP server, the store, Freebit or the embedded sandbox, the Slack app, the workers…)
 * is a `{ start, stop }`. They start in order and stop in reverse; when one fails to start,
 * those already started are stopped, last first, and the failure is thrown on.
 */
import type { Logger } from './logger.js';

export interface Component<T = void> {
  /** Names the part in the log when its stop fails (`<name>.stop_failed`). */
  readonly name: string;
  /** Starts the part and gives what later parts use (the store, a client…). */
  start(): Promise<T>;
  /** Stops it; called once, and only when `start` succeeded. */
  stop(): Promise<void>;
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
        await component.stop().catch((error: unknown) => this.logger.warn({ event: `${component.name}.stop_failed`, err: error }, `${component.name} did not stop cleanly`));
      }
    })());
  }
}

/**
 * Starts the parts in order with `build`, which calls `components.start(…)` for each one; if
 * any of them fails, stops those started and throws its error.
 */
export async function startComponents<T>(logger: Logger, build: (components: Components) => Promise<T>): Promise<{ value: T; components: Components }> {
  const components = new Components(logger);
  try {
    return { value: await build(components), components };
  } catch (error) {
    await components.stop();
    throw error;
  }
}
