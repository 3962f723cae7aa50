import { describe, expect, it } from 'vitest';
import { lineAnswerSchema, readAnswerText, toLine } from '../../src/freebit/wire.js';

// The spec page's own PA03-02 example, character for character where it matters.
const SPEC_EXAMPLE = `{
  "resultCode": 100,
  "status": { "message": "OK", "statusCode": 200 },
  "masterAccount": "testMaster@test.ne.jp",
  "responseDatas": {
    "kind": "MVNO", "account": 8038433843, "state": "active", "planCode": "LTE3G_P01",
    "startDate": 20130901, "iccid": 8981199993109195001, "imsi": 990103120337753,
    "contractLine": "4G", "size": "standard", "sms": 10, "talk": 20, "ipv4": "", "ipv6": "",
    "quota": 3161.31, "async": { "func": "regist", "date": 20131201 }, "resultCode": "100"
  }
}`;

function readLine(text: string) {
  return toLine(lineAnswerSchema.parse(readAnswerText(text)));
}

describe('reading a PA03-02 answer', () => {
  it('keeps a 19-digit ICCID to the last digit', () => {
    expect(readLine(SPEC_EXAMPLE).iccid).toBe('8981199993109195001');
  });

  it('gives a bare-number account its leading zero back', () => {
    expect(readLine(SPEC_EXAMPLE).phone).toBe('08038433843');
  });

  it('reads the pending change, the on/off flags and the quota as given', () => {
    const line = readLine(SPEC_EXAMPLE);
    expect(line.pendingChange).toEqual({ func: 'regist', date: '20131201' });
    expect(line.sms).toBe(true);
    expect(line.voice).toBe(false);
    expect(line.quota).toBe('3161.31');
    expect(line.ipv4).toBeUndefined();
  });

  it('reads responseDatas as an array as well as an object', () => {
    const asArray = SPEC_EXAMPLE.replace('"responseDatas": {', '"responseDatas": [{').replace(/}\s*}\s*$/, '}]}');
    expect(readLine(asArray).phone).toBe('08038433843');
  });

  it('reads an empty async object as no pending change', () => {
    expect(readLine(SPEC_EXAMPLE.replace(/"async": \{[^}]*\}/, '"async": {}')).pendingChange).toBeUndefined();
  });

  it('refuses a state the spec does not list', () => {
    expect(lineAnswerSchema.safeParse(readAnswerText(SPEC_EXAMPLE.replace('"active"', '"exploded"'))).success).toBe(false);
  });
});
