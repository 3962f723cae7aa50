import { describe, expect, it } from 'vitest';
import { Gate } from '../../src/store/mutex.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('Gate (what keeps SQLite statements out of a commitGroups transaction)', () => {
  it('runs shared work together, exclusive work alone, in arrival order; a waiting exclusive run keeps later shared runs out', async () => {
    const gate = new Gate();
    const events: string[] = [];
    const releases = new Map<string, () => void>();
    const work = (name: string) => () =>
      new Promise<void>((resolve) => {
        events.push(`start ${name}`);
        releases.set(name, () => {
          events.push(`end ${name}`);
          resolve();
        });
      });
    const runs = [gate.shared(work('s1')), gate.shared(work('s2')), gate.exclusive(work('x')), gate.shared(work('s3'))];
    await tick();
    expect(events).toEqual(['start s1', 'start s2']);
    releases.get('s1')!();
    await tick();
    expect(events).toEqual(['start s1', 'start s2', 'end s1']);
    releases.get('s2')!();
    await tick();
    expect(events.slice(3)).toEqual(['end s2', 'start x']);
    releases.get('x')!();
    await tick();
    expect(events.slice(5)).toEqual(['end x', 'start s3']);
    releases.get('s3')!();
    await Promise.all(runs);
  });

  it('lets the next in after a run that failed', async () => {
    const gate = new Gate();
    await expect(gate.exclusive(async () => Promise.reject(new Error('failed')))).rejects.toThrow('failed');
    expect(await gate.shared(async () => 'next')).toBe('next');
    expect(await gate.exclusive(async () => 'alone')).toBe('alone');
  });
});
