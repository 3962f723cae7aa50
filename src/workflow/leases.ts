/**
 * Leases that die with their holder. Whoever works on something another replica could take up
 * (the sweep, a request being executed and its lines, a follow-up being polled) holds it for a
 * short while and renews the hold while it works. A process killed outright stops renewing, so
 * its work is free again within one lease; a slow holder that is alive keeps renewing and is
 * never overtaken. A renewal that fails (the store did not answer) means the hold may lapse:
 * the holder finishes what it has started and claims nothing new.
 */

/** How long a hold lasts without being renewed. */
export const LEASE_MS = 9_000;
/** How often a holder renews (real time): three renewals a lease, so one lost renewal costs nothing. */
export const LEASE_RENEWAL_MS = 3_000;

export interface Renewal {
  /** A renewal failed: claim nothing new under this hold. */
  readonly lost: boolean;
  stop(): void;
}

/**
 * Calls `renew` every `everyMs` (real time, an unref'd timer) until `stop()`. `renew` answers
 * false, or throws, when the hold could not be renewed: `lost` is then true for good.
 */
export function keepRenewing(renew: () => Promise<boolean>, everyMs: number, onLost: (error: unknown) => void): Renewal {
  let lost = false;
  let renewing = false;
  const timer = setInterval(() => {
    if (renewing || lost) return;
    renewing = true;
    renew()
      .then((renewed) => {
        if (!renewed) throw new Error('the hold was taken over');
      })
      .catch((error: unknown) => {
        lost = true;
        onLost(error);
      })
      .finally(() => {
        renewing = false;
      });
  }, everyMs);
  timer.unref();
  return {
    get lost() {
      return lost;
    },
    stop: () => clearInterval(timer),
  };
}
