import { describe, expect, test } from 'vitest';
import { startComponents, type Component } from '../src/lifecycle.js';
import { silentLogger } from '../src/logger.js';

function part(name: string, events: string[], options: { failStart?: boolean; failStop?: boolean } = {}): Component<string> {
  return {
    name,
    start: async () => {
      if (options.failStart) throw new Error(`${name} failed`);
      events.push(`start ${name}`);
      return name;
    },
    stop: async () => {
      events.push(`stop ${name}`);
      if (options.failStop) throw new Error(`${name} did not stop`);
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
    expect(events).toEqual(['start a', 'start b', 'stop b', 'stop a']);
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
    expect(events).toEqual(['start a', 'start b', 'stop b', 'stop a']);
  });

  test('a part whose stop fails does not keep the others from stopping', async () => {
    const events: string[] = [];
    const { components } = await startComponents(silentLogger, async (parts) => {
      await parts.start(part('a', events));
      await parts.start(part('b', events, { failStop: true }));
    });
    await components.stop();
    expect(events).toEqual(['start a', 'start b', 'stop b', 'stop a']);
  });
});
