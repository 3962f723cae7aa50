import type { PhoneNumber } from '../../phone.js';
import type { ContractLine, FreebitChange, ProductNumber } from '../types.js';

export interface ContractChangeOrder {
  phone: PhoneNumber;
  contractLine: ContractLine;
  productNumber?: ProductNumber;
}

/** PA05-38: switch a line between 4G and 5G. About 30 min; the line is locked meanwhile; no undo. */
export const changeContractLine: FreebitChange<ContractChangeOrder> = {
  name: 'changeContractLine',
  path: '/mvno/contractline/change/',
  payload: (order) => ({
    account: order.phone,
    ...(order.productNumber ? { productNumber: order.productNumber } : {}),
    contractLine: order.contractLine,
  }),
  // A pending `chgctract`, or already on the contract line asked for.
  taken: (line, order) => line.pendingChange?.func === 'chgctract' || line.contractLine === order.contractLine,
};
