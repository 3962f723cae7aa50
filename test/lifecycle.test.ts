import { Writable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { startComponents, type Component } from '../src/lifecycle.js';
import { createLogger, silentLogger } from '../src/logger.js';

function part(name: string, events: string[], options: { failStart?: boolean; failStop?: boolean } = {}): Component<string> {
  return {
    name,
    start: async () => {
      if (options.failStart) throw new Error(`${name} failed`);
      events.push(`start ${name}`);
      return {
        value: name,
        drain: () => events.push(`drain ${name}`),
        stop: async () => {
          events.push(`stop ${name}`);
          if (options.failStop) throw new Error(`${name} did not stop`);
        },
      };
    },
  };
}

describe('components', () => {
  test('start in order, stop in reverse, once', async () => {
    const events: string[] = [];
    const { value, components } = await startComponents(silentLogger, async (parts) => [
      await parts.start(part('a', events)),
      await parts.start(part('b', events)),
    ]);
    expect(value).toEqual(['a', 'b']);
    await Promise.all([components.stop(), components.stop()]);
    expect(events).toEqual(['start a', 'start b', 'drain b', 'drain a', 'stop b', 'stop a']);
  });

  test('a part that fails to start stops those started before it, and its error is thrown', async () => {
    const events: string[] = [];
    const starting = startComponents(silentLogger, async (parts) => {
      await parts.start(part('a', events));
      await parts.start(part('b', events));
      await parts.start(part('c', events, { failStart: true }));
      await parts.start(part('d', events));
    });
    await expect(starting).rejects.toThrow('c failed');
    expect(events).toEqual(['start a', 'start b', 'drain b', 'drain a', 'stop b', 'stop a']);
  });

  test('parts started together are stopped as if started one after another in the order given; one not given is not started', async () => {
    const events: string[] = [];
    const slow = (inner: Component<string>, ms: number): Component<string> => ({
      name: inner.name,
      start: async () => {
        await new Promise((done) => setTimeout(done, ms));
        return inner.start();
      },
    });
    const { value, components } = await startComponents(silentLogger, async (parts) => {
      const together = await parts.startTogether<[string, string | undefined, string]>([
        Promise.resolve(slow(part('a', events), 30)),
        Promise.resolve(undefined),
        Promise.resolve(part('b', events)),
      ]);
      return [...together, await parts.start(part('c', events))];
    });
    expect(value).toEqual(['a', undefined, 'b', 'c']);
    await components.stop();
    expect(events).toEqual(['start b', 'start a', 'start c', 'drain c', 'drain b', 'drain a', 'stop c', 'stop b', 'stop a']);
  });

  test('when a part started together fails, the others are waited for and stopped, and its error is thrown', async () => {
    const events: string[] = [];
    const starting = startComponents(silentLogger, async (parts) => {
      await parts.start(part('a', events));
      await parts.startTogether<[string, string]>([
        Promise.resolve(part('b', events, { failStart: true })),
        new Promise((done) => setTimeout(() => done(part('c', events)), 30)),
      ]);
      await parts.start(part('d', events));
    });
    await expect(starting).rejects.toThrow('b failed');
    expect(events).toEqual(['start a', 'start c', 'drain c', 'drain a', 'stop c', 'stop a']);
  });

  test('a part whose stop fails does not keep the others from stopping', async () => {
    const events: string[] = [];
    const { components } = await startComponents(silentLogger, async (parts) => {
      await parts.start(part('a', events));
      await parts.start(part('b', events, { failStop: true }));
    });
    await components.stop();
    expect(events).toEqual(['start a', 'start b', 'drain b', 'drain a', 'stop b', 'stop a']);
  });

  test('a stop past its deadline is given up, naming what the part still held, and the next part stops', async () => {
    const events: string[] = [];
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = createLogger('info', destination);
    const { components } = await startComponents(logger, async (parts) => {
      await parts.start(part('a', events));
      await parts.start({
        name: 'stalled',
        stopWithinMs: 20,
        start: async () => ({ stop: () => new Promise<void>(() => {}), holding: () => ({ jobs: ['FR-1/09012345678'] }) }),
      });
    });
    await components.stop();
    expect(events).toEqual(['start a', 'drain a', 'stop a']);
    const gaveUp = lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line.event === 'stalled.stop_gave_up');
    expect(gaveUp).toMatchObject({ withinMs: 20, dropped: { jobs: ['FR-1/09012345678'] } });
  });
});
