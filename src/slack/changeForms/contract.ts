import { parseContractLine, parseProductNumber, type ContractLine, type ProductNumber } from '../../freebit/index.js';
import type { PhoneNumber } from '../../phone.js';
import { input, radioButtons, textInput } from '../kit/blocks.js';
import { numbersOrProblem, problem, readNumbers } from '../commandReading.js';
import { Reader, type FormReading } from '../kit/formReader.js';
import type { ViewStateValues } from '../kit/payloads.js';
import { ACTIONS, FIELDS, VIEWS } from '../kit/ids.js';
import { esc, type Catalog } from '../i18n/index.js';
import type { FormOrigin } from '../kit/origin.js';
import type { Voice } from '../kit/voice.js';
import { changeModal } from './changeModal.js';
import type { FormContext, Prefill, SlackOperation } from './operation.js';
import { TEXT_CAPS } from '../kit/caps.js';

export interface ContractChangeForm {
  phone: PhoneNumber;
  contractLine: ContractLine;
  productNumber?: ProductNumber;
  reason: string;
}

type ContractChangePrefill = Prefill & { contractLine?: ContractLine; productNumber?: ProductNumber };

/** PA05-38 as a request: number, 4G or 5G, optional product number, reason. */
function contractChangeModal(voice: Voice, prefill: ContractChangePrefill, origin: FormOrigin, context: Pick<FormContext, 'bulkMaxLines'>) {
  const { t } = voice;
  return changeModal(voice, {
    callbackId: VIEWS.contractChange,
    words: t.operations.contract,
    prefill,
    origin,
    context,
    fields: [
      input({
        blockId: FIELDS.contractLine.block,
        label: t.fields.contractLine,
        element: radioButtons({
          actionId: FIELDS.contractLine.action,
          choices: [
            { text: '4G', value: '4G' },
            { text: '5G', value: '5G' },
          ],
          initialValue: prefill.contractLine,
        }),
      }),
      input({
        blockId: FIELDS.productNumber.block,
        label: t.fields.productNumber,
        optional: true,
        hint: t.fields.productNumberHint,
        element: textInput({
          actionId: FIELDS.productNumber.action,
          placeholder: 'AB1234567890123',
          maxLength: TEXT_CAPS.productNumber,
          ...(prefill.productNumber ? { initialValue: prefill.productNumber } : {}),
        }),
      }),
    ],
  });
}

export function readContractChangeForm(values: ViewStateValues, t: Catalog): FormReading<ContractChangeForm> {
  const read = new Reader(values, t);
  const phone = read.phone('phone', true);
  const contractLine =
    parseContractLine(read.option('contractLine') ?? '') ?? read.failWith('contractLine', t.fieldErrors.contractLineRequired);
  const typedProductNumber = read.text('productNumber');
  const productNumber =
    typedProductNumber === ''
      ? undefined
      : (parseProductNumber(typedProductNumber) ?? read.failWith('productNumber', t.fieldErrors.productNumberInvalid));
  const reason = read.reason();
  return read.result(() => ({ phone: phone!, contractLine: contractLine!, ...(productNumber ? { productNumber } : {}), reason }));
}

export const contract = {
  operation: 'contract',
  subcommand: 'contract',
  callbackId: VIEWS.contractChange,
  cardButton: { actionId: ACTIONS.requestContractChange, label: (t) => t.operations.contract.cardButton },
  // `contract <phone…> 4G|5G`: the line type may come last (as documented) or first (`contract 5G 090…`).
  readCommand(args) {
    if (args.length === 0) return problem({ kind: 'phone_missing', subcommand: 'contract' });
    for (const [lineWord, phoneWords] of [
      [args.at(-1)!, args.slice(0, -1)],
      [args[0]!, args.slice(1)],
    ] as const) {
      const contractLine = parseContractLine(lineWord);
      if (!contractLine) continue;
      if (phoneWords.length === 0) return problem({ kind: 'phone_missing', subcommand: 'contract' });
      return numbersOrProblem(phoneWords, (numbers) => ({ ok: true, prefill: { ...numbers, contractLine } }));
    }
    const whole = readNumbers(args);
    if (!('problem' in whole)) return problem({ kind: 'contract_line_missing' });
    const head = args.slice(0, -1);
    if (head.length > 0 && !('problem' in readNumbers(head))) return problem({ kind: 'contract_line_invalid', input: args.at(-1)! });
    return problem(whole.problem);
  },
  modal: (voice, prefill, origin, context) => contractChangeModal(voice, prefill, origin, context),
  prefillOf: (change): ContractChangePrefill => ({
    contractLine: change.contractLine,
    ...(change.productNumber ? { productNumber: change.productNumber as ProductNumber } : {}),
  }),
  readForm: (values, t) => readContractChangeForm(values, t),
  draft: ({ phone, contractLine, productNumber }) => ({
    operation: 'contract',
    order: { phone, contractLine, ...(productNumber ? { productNumber } : {}) },
  }),
  summary: (t, phone, change) => t.operations.contract.summary(phone, esc(change.contractLine)),
  nextStep: (t, change) => t.operations.contract.next(esc(change.contractLine)),
} satisfies SlackOperation<'contract', ContractChangePrefill, ContractChangeForm>;
