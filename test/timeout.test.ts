import { describe, expect, test } from 'vitest';
import { withDeadline } from '../src/timeout.js';

const never = () => new Promise<string>(() => undefined);

describe('withDeadline', () => {
  test('the work, when it settles first', async () => {
    await expect(withDeadline(Promise.resolve('done'), 1_000, () => 'late')).resolves.toBe('done');
    await expect(withDeadline(Promise.reject(new Error('failed')), 1_000, () => 'late')).rejects.toThrow('failed');
  });

  test('after a number of milliseconds: what onLate returns, or throws', async () => {
    await expect(withDeadline(never(), 10, () => 'late')).resolves.toBe('late');
    await expect(
      withDeadline(never(), 10, () => {
        throw new Error('timed out');
      }),
    ).rejects.toThrow('timed out');
  });

  test('on a signal: late once it aborts, and at once when it has aborted already', async () => {
    const controller = new AbortController();
    const racing = withDeadline(never(), controller.signal, () => 'late');
    controller.abort();
    await expect(racing).resolves.toBe('late');
    await expect(withDeadline(Promise.resolve('done'), controller.signal, () => 'late')).resolves.toBe('late');
  });

  test('lets go of the signal once decided', async () => {
    const controller = new AbortController();
    let onLateCalls = 0;
    await withDeadline(Promise.resolve('done'), controller.signal, () => String(++onLateCalls));
    controller.abort();
    expect(onLateCalls).toBe(0);
  });
});
