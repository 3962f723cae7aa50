/**
 * Detail codes and the status class each one belongs to, from the "Response Codes" tables of
 * PA02-01, PA02-04, PA03-02 and PA05-38 (they agree wherever a code appears in several).
 */
const BAD_REQUEST = new Set([200, 201, 202, 204, 220, 226, 227, 228, 236, 266, 360]);
const NG = new Set([208, 210, 211, 212, 230, 233, 361, 362, 900]);

export interface StatusClass {
  message: 'OK' | 'Bad Request' | 'Auth Error' | 'NG';
  statusCode: 200 | 400 | 403 | 500;
}

export function statusOf(code: number): StatusClass {
  if (code === 100 || code === 101) return { message: 'OK', statusCode: 200 };
  if (code === 205) return { message: 'Auth Error', statusCode: 403 };
  if (BAD_REQUEST.has(code)) return { message: 'Bad Request', statusCode: 400 };
  if (NG.has(code)) return { message: 'NG', statusCode: 500 };
  // A code no table lists (an injected fault): its hundred says its class.
  return code < 300 ? { message: 'Bad Request', statusCode: 400 } : { message: 'NG', statusCode: 500 };
}

/**
 * How an operation writes its codes. The spec examples disagree, so the sandbox copies each:
 * PA03-02 writes numbers (`"resultCode": 100`), the others strings (`"resultCode": "100"`).
 */
export type CodeStyle = 'number' | 'string';

/** `{resultCode, status: {message, statusCode}, ...rest}`, codes in the operation's style. */
export function envelope(code: number, style: CodeStyle, rest: Record<string, unknown> = {}): Record<string, unknown> {
  const { message, statusCode } = statusOf(code);
  const write = (n: number) => (style === 'number' ? n : String(n));
  return { resultCode: write(code), status: { message, statusCode: write(statusCode) }, ...rest };
}
