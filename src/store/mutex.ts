/**
 * Serialises async work per key inside this process. SQLite is single-process by contract,
 * so a get-then-set done under this lock is atomic there; on Redis it only keeps callers in
 * the same process from racing one another's compare-and-set (Redis scripts do the rest).
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    // Each caller waits for the one before it, whether that one succeeded or failed.
    const result = previous.then(work, work);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    try {
      return await result;
    } finally {
      // Forget the key once nobody is queued behind us, so the map does not grow forever.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
