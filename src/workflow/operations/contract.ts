import { z } from 'zod';
import type { ProductNumber } from '../../freebit/index.js';
import { changeContractLine, type ContractChangeOrder } from '../../freebit/operations/changeContractLine.js';
import { CONTRACT_LINES, refusalForExistingLine, type OperationDescriptor } from './descriptor.js';

/** Stored in request records: fields are added (optional), never renamed. */
const contractChangeSchema = z.object({
  operation: z.literal('contract'),
  contractLine: z.enum(CONTRACT_LINES),
  productNumber: z.string().optional(),
});
type ContractChange = z.infer<typeof contractChangeSchema>;

/** PA05-38: switch a line between 4G and 5G (about 30 min; no undo). */
export const contract = {
  name: 'contract',
  freebit: changeContractLine,
  change: contractChangeSchema,
  changeOf: (order) => ({
    operation: 'contract',
    contractLine: order.contractLine,
    ...(order.productNumber ? { productNumber: order.productNumber } : {}),
  }),
  orderOf: (phone, change) => ({
    phone,
    contractLine: change.contractLine,
    ...(change.productNumber ? { productNumber: change.productNumber as ProductNumber } : {}),
  }),
  // PA05-38 takes no date: Freebit starts at once.
  dateOf: () => undefined,
  // PA05-38: 361 already on that contract line, 362 a change already in progress.
  refusal: (line, change) =>
    refusalForExistingLine(line, (known) => (known.contractLine === change.contractLine ? 'already_on_contract_line' : undefined)),
  followUpTarget: (change) => ({ targetContractLine: change.contractLine }),
  // docs/freebit.md, "What completion looks like": on the target, and no `chgctract` pending.
  isComplete: (line, target) => line.contractLine === target.targetContractLine && line.pendingChange?.func !== 'chgctract',
} satisfies OperationDescriptor<'contract', ContractChange, ContractChangeOrder>;
