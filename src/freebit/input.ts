import type { ContractLine, ProductNumber } from './types.js';

/** `4G`/`5G` as people type them (`5g`, full-width `５Ｇ`). */
export function parseContractLine(input: string): ContractLine | undefined {
  const text = input.normalize('NFKC').trim().toUpperCase();
  return text === '4G' || text === '5G' ? text : undefined;
}

// PA05-38: productNumber is 15 characters, the first two uppercase letters, then 13 digits.
const PRODUCT_NUMBER = /^[A-Z]{2}\d{13}$/;

export function parseProductNumber(input: string): ProductNumber | undefined {
  const text = input.normalize('NFKC').trim();
  return PRODUCT_NUMBER.test(text) ? (text as ProductNumber) : undefined;
}
