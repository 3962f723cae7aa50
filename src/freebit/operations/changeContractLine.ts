import { callFreebit } from '../call.js';
import { FreebitError } from '../errors.js';
import type { ChangeResult, ContractChangeOrder, Line } from '../types.js';
import { settleChange, type ChangeContext } from './settle.js';

const PATH = '/mvno/contractline/change/';

/** PA05-38: switch a line between 4G and 5G. About 30 min; the line is locked meanwhile; no undo. */
export async function changeContractLine(context: ChangeContext, order: ContractChangeOrder): Promise<ChangeResult> {
  const wasAccepted = (line: Line) => line.pendingChange?.func === 'chgctract' || line.contractLine === order.contractLine;
  return settleChange(context, order.phone, wasAccepted, async () => {
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
