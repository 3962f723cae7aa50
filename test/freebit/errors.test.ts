import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FreebitError, REFUSAL_DETAIL_CODES } from '../../src/freebit/index.js';
import { phoneNumber } from '../../src/phone.js';
import { PATHS, SEEDED, startFreebitRig, type FreebitRig } from '../support/freebit.js';

// Every detail code in the four spec tables, by the operation whose table lists it.
const SPEC_TABLES = {
  lookupLine: [200, 201, 204, 205, 210, 211, 226, 227, 228, 236],
  cancelLine: [200, 201, 204, 205, 210, 228, 230, 900],
  changeContractLine: [201, 205, 210, 228, 266, 360, 361, 362, 900],
  registerLine: [200, 201, 202, 204, 208, 210, 212, 220, 233, 900],
} as const;

const PATH_OF = { lookupLine: PATHS.lookup, cancelLine: PATHS.cancel, changeContractLine: PATHS.contract, registerLine: PATHS.register };

let rig: FreebitRig;
beforeAll(async () => {
  rig = await startFreebitRig();
});
afterAll(async () => {
  await rig.close();
});

// The Freebit layer keeps the code; the Slack catalog words each code of REFUSAL_DETAIL_CODES
// (its type makes it word every one, in each language).
describe('every documented detail code is kept as a code, for the catalog to word', () => {
  it('covers every code of the four spec tables', () => {
    const listed = new Set(Object.values(SPEC_TABLES).flat());
    for (const code of listed) expect(REFUSAL_DETAIL_CODES).toContain(code);
  });

  it.each(
    Object.entries(SPEC_TABLES).flatMap(([operation, codes]) =>
      codes.filter((code) => code !== 205).map((code) => [operation, code] as const),
    ),
  )('%s answering %i', async (operation, code) => {
    const phone = phoneNumber(SEEDED.active4g);
    const path = PATH_OF[operation as keyof typeof SPEC_TABLES];
    // 900 on a lookup is retried; make every attempt answer it.
    rig.sandbox.injectFault(path, { kind: 'result-code', code }, 3);
    const error = await (async () => {
      switch (operation) {
        case 'lookupLine':
          return rig.client.lookupLine(phone).catch((caught: unknown) => caught);
        case 'cancelLine': {
          const result = await rig.client.cancelLine({ phone });
          return result.outcome === 'refused' ? result.error : result;
        }
        case 'changeContractLine': {
          const result = await rig.client.changeContractLine({ phone, contractLine: '5G' });
          return result.outcome === 'refused' ? result.error : result;
        }
        case 'registerLine': {
          const result = await rig.client.registerLine({ phone: phoneNumber('09055559999'), planCode: 'LTE3G_P01' });
          return result.outcome === 'refused' ? result.error : result;
        }
      }
    })();
    expect(error).toBeInstanceOf(FreebitError);
    const freebitError = error as FreebitError;
    expect(freebitError).toMatchObject({ code: 'refused', detailCode: code, operation });
    expect(freebitError.message).toBe(`Freebit refused ${operation} (detail code ${code})`);
  });

  it('names the operation and the code in its message, for logs and the audit trail', () => {
    expect(FreebitError.refused('cancelLine', 230).message).toBe('Freebit refused cancelLine (detail code 230)');
  });

  it('does the same for a code no table lists', () => {
    expect(FreebitError.refused('lookupLine', 999).message).toBe('Freebit refused lookupLine (detail code 999)');
  });
});
