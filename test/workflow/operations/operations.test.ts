/**
 * ARCHITECTURE.md, "One operation, one place": every operation is described once (src/workflow/operations/),
 * and the records stored before the registry existed still read the same, field for field.
 */
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GATED_OPERATIONS } from '../../../src/config.js';
import type { Line } from '../../../src/freebit/index.js';
import { cancelLine } from '../../../src/freebit/operations/cancelLine.js';
import { changeContractLine } from '../../../src/freebit/operations/changeContractLine.js';
import { registerLine } from '../../../src/freebit/operations/registerLine.js';
import type { PhoneNumber } from '../../../src/phone.js';
import { storedRequestOfAnyVersionSchema } from '../../../src/workflow/requestLines.js';
import { followUpJobSchema, isComplete } from '../../../src/workflow/followUpJob.js';
import { OPERATIONS } from '../../../src/workflow/index.js';
import { changeTaken, OPERATION_DESCRIPTORS, OPERATION_NAMES } from '../../../src/workflow/operations/index.js';

const phone = '09012345678' as PhoneNumber;
const line = (facts: Partial<Line>): Line => ({ phone, state: 'active', ...facts });

describe('the registry', () => {
  it('has one descriptor per operation name, and the names are the ones config and the workflow list', () => {
    expect(Object.keys(OPERATION_DESCRIPTORS)).toEqual([...OPERATION_NAMES]);
    for (const name of OPERATION_NAMES) expect(OPERATION_DESCRIPTORS[name].name).toBe(name);
    expect([...GATED_OPERATIONS]).toEqual(['cancel', 'contract', 'register']);
    expect([...OPERATIONS]).toEqual(['cancel', 'contract', 'register']);
  });

  it('reads "taken" as the Freebit layer does, for a call whose answer was lost and one the process died around alike', () => {
    const lines = [
      line({}),
      line({ state: 'obsolete' }),
      line({ pendingChange: { func: 'cancel', date: '20261201' } }),
      line({ pendingChange: { func: 'chgctract' } }),
      line({ contractLine: '5G' }),
      line({ contractLine: '4G' }),
    ];
    for (const seen of lines) {
      expect(changeTaken(seen, phone, { operation: 'cancel' })).toBe(cancelLine.taken(seen, { phone }));
      expect(changeTaken(seen, phone, { operation: 'contract', contractLine: '5G' })).toBe(
        changeContractLine.taken(seen, { phone, contractLine: '5G' }),
      );
      expect(changeTaken(seen, phone, { operation: 'register', planCode: 'PLAN-A' })).toBe(
        registerLine.taken(seen, { phone, planCode: 'PLAN-A' }),
      );
    }
  });
});

describe('the registry is light', () => {
  // config.ts reads the operation names from the registry at start-up: what it loads (imports
  // that are not `import type`, which verbatimModuleSyntax keeps) must not reach the Freebit
  // client, the Slack layer or the rest of the workflow.
  it('config.ts loads the descriptors and their Freebit operations, and neither the client nor the workflow', () => {
    const root = resolve(import.meta.dirname, '../../..');
    const files = new Set<string>();
    const packages = new Set<string>();
    const walk = (file: string) => {
      if (files.has(file)) return;
      files.add(file);
      for (const [, specifier] of readFileSync(file, 'utf8').matchAll(/^import (?!type )[^;]*? from '([^']+)';/gm)) {
        if (specifier!.startsWith('.')) walk(resolve(dirname(file), specifier!.replace(/\.js$/, '.ts')));
        else packages.add(specifier!.split('/')[0]!);
      }
    };
    walk(resolve(root, 'src/config.ts'));
    const loaded = [...files].map((file) => relative(root, file));
    expect(
      loaded.filter((file) => !/^src\/(config|workflow\/operations\/\w+|freebit\/(operations\/\w+|wire|types|errors))\.ts$/.test(file)),
    ).toEqual([]);
    expect(loaded).not.toContain('src/freebit/operations/settle.ts');
    expect([...packages].filter((name) => !name.startsWith('node:'))).toEqual(
      expect.not.arrayContaining(['undici', '@slack', 'pino', 'keyv']),
    );
  });
});

describe('records stored before the registry read the same', () => {
  const stored = {
    id: 'FR-7K3QX',
    phone,
    requesterId: 'U0AGENT',
    reason: 'moving',
    approvalChannelId: 'C0APPROVALS',
    createdAt: 1,
    expiresAt: 2,
    state: 'accepted',
    requiredApprovals: 1,
    approvals: [{ userId: 'U0APPROVER', at: 1 }],
  };
  const changes = [
    { operation: 'cancel' },
    { operation: 'cancel', runDate: '20261201' },
    { operation: 'contract', contractLine: '5G' },
    { operation: 'contract', contractLine: '4G', productNumber: 'AB1234567890123' },
    { operation: 'register', planCode: 'PLAN-A' },
    { operation: 'register', planCode: 'PLAN-A', startDate: '20261201' },
  ];

  it('a request record, one change of each shape', () => {
    for (const change of changes) expect(storedRequestOfAnyVersionSchema.parse({ ...stored, change })).toEqual({ ...stored, change });
    expect(storedRequestOfAnyVersionSchema.safeParse({ ...stored, change: { operation: 'contract', contractLine: '3G' } }).success).toBe(
      false,
    );
    expect(storedRequestOfAnyVersionSchema.safeParse({ ...stored, change: { operation: 'suspend' } }).success).toBe(false);
  });

  it('a follow-up job, with and without its target contract line', () => {
    const job = {
      requestId: 'FR-7K3QX',
      phone,
      operation: 'contract',
      targetContractLine: '5G',
      requesterId: 'U0AGENT',
      dueAt: 1,
      deadlineAt: 2,
      acceptedAt: 1,
      state: 'watching',
      lastSeen: null,
      before: { state: 'active', contractLine: '4G' },
      nextPollAt: 1,
      polls: 0,
      failures: 0,
    };
    expect(followUpJobSchema.parse(job)).toEqual(job);
    const { targetContractLine: _, ...cancelling } = { ...job, operation: 'cancel' };
    expect(followUpJobSchema.parse(cancelling)).toEqual(cancelling);
  });

  /** A line as requests, form checks and jobs kept it before they kept its facts only: every field the look-up gave. */
  const wholeLine = {
    phone,
    state: 'active',
    planCode: 'LTE3G_P01',
    contractLine: '4G',
    simSize: 'nano',
    iccid: '8981100005550123456',
    imsi: '440105550987654',
    sms: true,
    voice: true,
    ipv4: '10.0.0.1',
    ipv6: '',
    quota: '1024',
    startDate: '20240401',
    masterAccount: 'M0001',
    pendingChange: { func: 'cancel', date: '20261130' },
  };
  const facts = { state: 'active', contractLine: '4G', planCode: 'LTE3G_P01', pendingChange: { func: 'cancel', date: '20261130' } };

  it('a request that kept the whole line (ICCID, IMSI, …) reads, with its facts only', () => {
    const parsed = storedRequestOfAnyVersionSchema.parse({ ...stored, change: { operation: 'cancel' }, lineAtRequest: wholeLine });
    expect(parsed.lineAtRequest).toEqual(facts);
    expect(JSON.stringify(parsed)).not.toMatch(/iccid|imsi|8981100005550123456|440105550987654/);
  });

  it('a request for several lines, each keeping the whole line, reads with their facts only', () => {
    const lines = [
      { phone, lineAtRequest: wholeLine, state: 'completed', finishedAt: 3 },
      { phone: '09012345679', state: 'held' },
    ];
    const parsed = storedRequestOfAnyVersionSchema.parse({ ...stored, change: { operation: 'cancel' }, lines });
    expect(parsed.lines).toEqual([
      { phone, lineAtRequest: facts, state: 'completed', finishedAt: 3 },
      { phone: '09012345679', state: 'held' },
    ]);
  });

  it('a follow-up job whose sightings carry more than the facts reads with the facts', () => {
    const job = {
      requestId: 'FR-7K3QX',
      phone,
      operation: 'cancel',
      requesterId: 'U0AGENT',
      dueAt: 1,
      deadlineAt: 2,
      acceptedAt: 1,
      state: 'completed',
      lastSeen: { ...wholeLine, state: 'obsolete' },
      before: wholeLine,
      nextPollAt: 1,
      polls: 3,
      failures: 0,
      owed: {
        event: { kind: 'completed', before: wholeLine, after: { ...wholeLine, state: 'obsolete' }, tookMs: 5 },
        since: 2,
        failures: 0,
      },
    };
    const parsed = followUpJobSchema.parse(job);
    expect(parsed.before).toEqual(facts);
    expect(JSON.stringify(parsed)).not.toMatch(/iccid|imsi/);
  });

  it('a follow-up job is complete as docs/freebit.md says, operation by operation', () => {
    expect(isComplete({ operation: 'cancel' }, { state: 'obsolete' })).toBe(true);
    expect(isComplete({ operation: 'cancel' }, { state: 'active', pendingChange: { func: 'cancel' } })).toBe(false);
    expect(isComplete({ operation: 'contract', targetContractLine: '5G' }, { state: 'active', contractLine: '5G' })).toBe(true);
    expect(
      isComplete(
        { operation: 'contract', targetContractLine: '5G' },
        { state: 'active', contractLine: '5G', pendingChange: { func: 'chgctract' } },
      ),
    ).toBe(false);
    expect(isComplete({ operation: 'register' }, { state: 'active' })).toBe(true);
    expect(isComplete({ operation: 'register' }, { state: 'waiting' })).toBe(false);
    expect(isComplete({ operation: 'register' }, null)).toBe(false);
  });
});
