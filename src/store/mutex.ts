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

/**
 * A readers-writer gate: any number of `shared` runs at once, or one `exclusive` run alone.
 * An exclusive run waiting keeps new shared runs out (it is not starved), and the gate is fair
 * in arrival order otherwise.
 */
export class Gate {
  private active = 0;
  private exclusiveActive = false;
  private readonly waiting: Array<{ exclusive: boolean; enter: () => void }> = [];

  shared<T>(work: () => Promise<T>): Promise<T> {
    return this.run(false, work);
  }

  exclusive<T>(work: () => Promise<T>): Promise<T> {
    return this.run(true, work);
  }

  private async run<T>(exclusive: boolean, work: () => Promise<T>): Promise<T> {
    if (this.exclusiveActive || this.waiting.length > 0 || (exclusive && this.active > 0)) {
      await new Promise<void>((enter) => this.waiting.push({ exclusive, enter }));
    } else {
      this.active += 1;
      this.exclusiveActive = exclusive;
    }
    try {
      return await work();
    } finally {
      this.active -= 1;
      this.exclusiveActive = false;
      this.admit();
    }
  }

  /** Lets in whoever is next: one exclusive run once the gate is empty, or every shared run up to the next exclusive one. */
  private admit(): void {
    while (this.waiting.length > 0 && !this.exclusiveActive) {
      const next = this.waiting[0]!;
      if (next.exclusive && this.active > 0) return;
      this.waiting.shift();
      this.active += 1;
      this.exclusiveActive = next.exclusive;
      next.enter();
      if (next.exclusive) return;
    }
  }
}
