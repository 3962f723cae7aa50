/**
 * ARCHITECTURE.md, "One operation, one place": each change operation of the Freebit layer is one file of
 * src/freebit/operations/, named as the operation is named in errors, metrics and logs
 * (`FreebitOperation` is a plain string, so this is where a name is held to its file).
 */
import { readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { OPERATION_DETAIL_CODES, type FreebitChange } from '../../../src/freebit/index.js';

const FOLDER = resolve(import.meta.dirname, '../../../src/freebit/operations');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyChange = FreebitChange<any>;
const isChange = (value: unknown): value is AnyChange =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as AnyChange).name === 'string' &&
  typeof (value as AnyChange).path === 'string' &&
  typeof (value as AnyChange).taken === 'function';

async function changeOperations(): Promise<Array<{ file: string; exported: string; operation: AnyChange }>> {
  const found: Array<{ file: string; exported: string; operation: AnyChange }> = [];
  for (const file of readdirSync(FOLDER).filter((name) => name.endsWith('.ts'))) {
    const module = (await import(pathToFileURL(join(FOLDER, file)).href)) as Record<string, unknown>;
    for (const [exported, value] of Object.entries(module)) if (isChange(value)) found.push({ file, exported, operation: value });
  }
  return found;
}

describe('the change operations (src/freebit/operations/)', () => {
  it('each is the one export of its file, named as its file, on a path of its own', async () => {
    const changes = await changeOperations();
    expect(changes.map(({ operation }) => operation.name)).toEqual(
      expect.arrayContaining(['cancelLine', 'changeContractLine', 'registerLine']),
    );
    for (const { file, exported, operation } of changes) expect([file, exported]).toEqual([`${operation.name}.ts`, operation.name]);
    expect(new Set(changes.map(({ operation }) => operation.path)).size).toBe(changes.length);
    expect(changes.map(({ operation }) => operation.name)).not.toContain('lookupLine');
    expect(changes.map(({ file }) => basename(file))).not.toContain('settle.ts');
  });

  it('the codes an operation gives a meaning of its own are keyed by the name of an operation', async () => {
    const names = (await changeOperations()).map(({ operation }) => operation.name);
    for (const operation of Object.keys(OPERATION_DETAIL_CODES)) expect(names).toContain(operation);
  });
});
