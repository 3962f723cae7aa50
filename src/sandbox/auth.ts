import { randomBytes } from 'node:crypto';
import type { Operation } from './operations/context.js';

/** The authKeys issued by /authOem/ and still honoured. */
export class AuthKeys {
  private readonly valid = new Set<string>();

  issue(): string {
    const key = randomBytes(16).toString('hex');
    this.valid.add(key);
    return key;
  }

  /** As if Freebit expired every key: they all answer 205 from now on. */
  revokeAll(): void {
    this.valid.clear();
  }

  /**
   * The detail code refusing this request's authKey, or undefined when it is honoured.
   * A missing key is 228 for the operations whose table lists it (PA02-04, PA03-02, PA05-38)
   * and 205 for the others (PA02-01 has no 228); an unknown or revoked key is 205.
   */
  refusal(request: Record<string, unknown>, missingCode: 205 | 228): number | undefined {
    const key = request.authKey;
    if (typeof key !== 'string' || key === '') return missingCode;
    return this.valid.has(key) ? undefined : 205;
  }
}

/**
 * PA01-01 OEM authentication: `{oemId, oemKey}` → `authKey`. With configured credentials only those
 * pass; otherwise any non-empty pair does. Anything else is 205 (Auth Error).
 */
export function authOem(keys: AuthKeys, expected: { oemId?: string; oemKey?: string }): Operation {
  return (request) => {
    const { oemId, oemKey } = request;
    const given = typeof oemId === 'string' && oemId !== '' && typeof oemKey === 'string' && oemKey !== '';
    const matches =
      (expected.oemId === undefined || oemId === expected.oemId) && (expected.oemKey === undefined || oemKey === expected.oemKey);
    if (!given || !matches) return { code: 205 };
    return { code: 100, rest: { authKey: keys.issue() } };
  };
}
