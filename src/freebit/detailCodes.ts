/**
 * The detail codes (`resultCode`) the four spec tables list as refusals (PA02-01, PA02-04,
 * PA03-02, PA05-38, in the provider's pages), as a union: whoever words them (the Slack
 * catalog, in each language) is checked by the compiler to word every one.
 */
export const REFUSAL_DETAIL_CODES = [
  200, 201, 202, 204, 205, 208, 210, 211, 212, 220, 226, 227, 228, 230, 233, 236, 266, 360, 361, 362, 900,
] as const;
export type RefusalDetailCode = (typeof REFUSAL_DETAIL_CODES)[number];

/** Codes one operation gives a meaning of its own (101: PA02-04's "already cancelled"; 210 at registration: a missing account it depends on). */
export const OPERATION_DETAIL_CODES = { cancelLine: [101], registerLine: [210] } as const;
export type OperationDetailCodes = { [Op in keyof typeof OPERATION_DETAIL_CODES]: (typeof OPERATION_DETAIL_CODES)[Op][number] };

export function isRefusalDetailCode(code: number | undefined): code is RefusalDetailCode {
  return (REFUSAL_DETAIL_CODES as readonly number[]).includes(code ?? -1);
}
