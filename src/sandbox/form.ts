/**
 * docs/freebit.md, "Wire format": the request is JSON inside the form field `json`, sent as
 * `application/x-www-form-urlencoded` or `multipart/form-data`. Returns the parsed JSON, or
 * undefined when there is no readable `json` field (a bare JSON body included) or it does not parse.
 */
export async function readJsonField(body: Buffer, contentType: string | undefined): Promise<unknown> {
  // Lower-cased only to compare: the multipart boundary itself is case-sensitive.
  const type = contentType?.toLowerCase() ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data')) return undefined;
  try {
    // The WHATWG Response parses both encodings, so the sandbox needs no form library.
    const field = (await new Response(body, { headers: { 'content-type': contentType ?? '' } }).formData()).get('json');
    if (field === null) return undefined;
    const text = typeof field === 'string' ? field : await field.text();
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
