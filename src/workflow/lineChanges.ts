import type { Line } from '../freebit/index.js';
import type { LineFactChange } from './approvalRequest.js';

/** The facts compared: state, contract line, plan, pending change (a followUpJob LineFacts fits too). */
type ComparedFacts = Pick<Line, 'state' | 'contractLine' | 'planCode' | 'pendingChange'>;

/**
 * What moved between two sightings of a line, as values: state (or presence at Freebit),
 * contract line, plan, pending change. Absent (`undefined` or `null`): Freebit did not know
 * the number. The one comparison: execute.ts stores it, the Slack catalog words it.
 */
export function lineChangesBetween(before: ComparedFacts | null | undefined, now: ComparedFacts | null | undefined): LineFactChange[] {
  if (!before && !now) return [];
  if (!before || !now) return [{ fact: 'state', before: before?.state ?? null, after: now?.state ?? null }];
  const changes: LineFactChange[] = [];
  if (before.state !== now.state) changes.push({ fact: 'state', before: before.state, after: now.state });
  if ((before.contractLine ?? '') !== (now.contractLine ?? ''))
    changes.push({ fact: 'contractLine', before: before.contractLine || null, after: now.contractLine || null });
  if ((before.planCode ?? '') !== (now.planCode ?? ''))
    changes.push({ fact: 'planCode', before: before.planCode || null, after: now.planCode || null });
  const pending = (line: ComparedFacts) =>
    line.pendingChange ? { func: line.pendingChange.func, ...(line.pendingChange.date ? { date: line.pendingChange.date } : {}) } : null;
  const [a, b] = [pending(before), pending(now)];
  if (a?.func !== b?.func || a?.date !== b?.date) changes.push({ fact: 'pendingChange', before: a, after: b });
  return changes;
}

/** The changes as one English sentence for the log and the audit trail: "state: active → suspended; pending change: none → cancel (2026-11-30)". */
export function describeLineChanges(changes: readonly LineFactChange[]): string {
  return changes.map(describeChange).join('; ');
}

function describeChange(change: LineFactChange): string {
  const moved = (label: string, a: string | null, b: string | null) => `${label}: ${a ?? 'none'} → ${b ?? 'none'}`;
  switch (change.fact) {
    case 'state':
      if (change.before === null) return `the number now exists at Freebit (state ${change.after})`;
      if (change.after === null) return 'Freebit no longer knows the number';
      return moved('state', change.before, change.after);
    case 'contractLine':
      return moved('contract line', change.before, change.after);
    case 'planCode':
      return moved('plan', change.before, change.after);
    case 'pendingChange': {
      const pending = (p: typeof change.before) => (p ? `${p.func}${p.date ? ` (${p.date})` : ''}` : null);
      return moved('pending change', pending(change.before), pending(change.after));
    }
  }
}
