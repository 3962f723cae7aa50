import { callFreebit } from '../call.js';
import { FreebitError } from '../errors.js';
import type { ChangeResult, ContractChangeOrder, ContractLine, Line } from '../types.js';
import { settleChange, type ChangeContext } from './settle.js';

const PATH = '/mvno/contractline/change/';

/** PA05-38: switch a line between 4G and 5G. About 30 min; the line is locked meanwhile; no undo. */
export async function changeContractLine(context: ChangeContext, order: ContractChangeOrder): Promise<ChangeResult> {
  return settleChange(context, order.phone, (line) => contractChangeTaken(line, order.contractLine), async () => {
    const { envelope } = await callFreebit(
      context,
      'changeContractLine',
      PATH,
      {
        account: order.phone,
        ...(order.productNumber ? { productNumber: order.productNumber } : {}),
        contractLine: order.contractLine,
      },
      'change',
    );
    if (envelope.resultCode === 100) return { outcome: 'accepted' };
    return { outcome: 'refused', error: FreebitError.refused('changeContractLine', envelope.resultCode, envelope.status?.statusCode) };
  });
}

/**
 * Whether the line shows Freebit took a change to `contractLine`: a pending `chgctract`, or
 * already on it (spec README, "What completion looks like"). The one definition: a call whose
 * answer was lost (settleChange) and a call the process died around (the workflow's settle) both read it.
 */
export function contractChangeTaken(line: Line, contractLine: ContractLine): boolean {
  return line.pendingChange?.func === 'chgctract' || line.contractLine === contractLine;
}
