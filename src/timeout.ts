/**
 * One race between some work and a deadline, for every layer (like dates.ts and phone.ts).
 *
 * `withDeadline(work, deadline, onLate)` settles as `work` does if it settles first, and
 * otherwise with what `onLate()` returns (a fallback) or throws (a timeout error). The
 * deadline is milliseconds from now (an unref'd timer: it keeps no process alive) or an
 * AbortSignal (an operation's one deadline shared by several steps). The timer is cleared, or
 * the listener removed, as soon as the race is decided. `work` itself is not cancelled.
 */
export function withDeadline<T>(work: Promise<T>, deadline: number | AbortSignal, onLate: () => T): Promise<T> {
  if (typeof deadline !== 'number' && deadline.aborted) {
    // Past the deadline already: late, whatever `work` does (its failure is not left unhandled).
    work.catch(() => undefined);
    return Promise.resolve().then(onLate);
  }
  let settle = () => {};
  let cleanUp = () => {};
  const late = new Promise<T>((resolve, reject) => {
    settle = () => {
      try {
        resolve(onLate());
      } catch (error) {
        reject(error);
      }
    };
  });
  if (typeof deadline === 'number') {
    const timer = setTimeout(settle, deadline);
    timer.unref();
    cleanUp = () => clearTimeout(timer);
  } else {
    deadline.addEventListener('abort', settle, { once: true });
    cleanUp = () => deadline.removeEventListener('abort', settle);
  }
  return Promise.race([work, late]).finally(cleanUp);
}
