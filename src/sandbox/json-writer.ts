/**
 * Freebit writes some numbers that JSON.stringify cannot: a 19-digit ICCID as a bare number
 * (docs/freebit.md, "Loose types"), an account whose leading 0 is gone. A RawNumber carries the
 * exact digits, and writeJson puts them into the text unquoted.
 */
export class RawNumber {
  constructor(readonly digits: string) {
    if (!/^-?\d+(\.\d+)?$/.test(digits)) throw new Error(`not a JSON number: ${digits}`);
  }
}

/** A bare JSON number with exactly these digits (leading zeros dropped, as a number has none). */
export function bareNumber(digits: string): RawNumber {
  return new RawNumber(digits.replace(/^0+(?=\d)/, ''));
}

export function writeJson(value: unknown): string {
  if (value instanceof RawNumber) return value.digits;
  if (Array.isArray(value)) return `[${value.map(writeJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const fields = Object.entries(value).filter(([, each]) => each !== undefined);
    return `{${fields.map(([key, each]) => `${JSON.stringify(key)}:${writeJson(each)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
