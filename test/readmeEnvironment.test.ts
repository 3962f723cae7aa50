/**
 * The environment tables of README.md ("## Environment") and README.ja.md ("## 環境変数") tell
 * two readers the same thing, and src/config.ts is their source: each table has a row for every
 * variable the bot reads (`CONFIG_VARIABLES`) and none for a variable it does not, and a
 * variable's row says in both whether it is secret and what its default is (the same numbers and
 * the same code). A variable added to the configuration fails here until both tables have its
 * row; each failure names the variable and the file to edit.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CONFIG_VARIABLES } from '../src/config.js';

interface TableSpec {
  file: string;
  heading: string;
  /** The header cells naming the columns this test reads. */
  columns: { variable: string; default: string; secret: string };
  /** Words of the secret column, as yes or no. */
  yesNo: Record<string, 'yes' | 'no'>;
}

const ENGLISH: TableSpec = {
  file: 'README.md',
  heading: '## Environment',
  columns: { variable: 'variable', default: 'default', secret: 'secret' },
  yesNo: { yes: 'yes', no: 'no' },
};
const JAPANESE: TableSpec = {
  file: 'README.ja.md',
  heading: '## 環境変数',
  columns: { variable: '変数', default: '既定値', secret: '秘密情報' },
  yesNo: { はい: 'yes', いいえ: 'no' },
};

interface Row {
  /** The row as written, to be copied into the other table. */
  text: string;
  default: string;
  secret: string;
}

/** The variables of the file's table under its heading, each with its row. */
function environmentTable(spec: TableSpec): Map<string, Row> {
  const text = readFileSync(join(import.meta.dirname, '..', spec.file), 'utf8');
  const lines = text.split('\n');
  const start = lines.indexOf(spec.heading);
  if (start < 0) throw new Error(`${spec.file} has no heading "${spec.heading}": the environment table lives under it`);
  const table: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('#')) break;
    if (line.startsWith('|')) table.push(line);
    else if (table.length > 0) break;
  }
  const cellsOf = (line: string) =>
    line
      .replace(/^\||\|$/g, '')
      .split(/(?<!\\)\|/)
      .map((cell) => cell.trim());
  const header = cellsOf(table[0] ?? '');
  const column = (name: string) => {
    const index = header.indexOf(name);
    if (index < 0)
      throw new Error(`${spec.file}: the table under "${spec.heading}" has no column "${name}" (its header: ${header.join(' | ')})`);
    return index;
  };
  const [variable, fallback, secret] = [column(spec.columns.variable), column(spec.columns.default), column(spec.columns.secret)];
  const rows = new Map<string, Row>();
  for (const line of table.slice(2)) {
    const cells = cellsOf(line);
    const names = [...(cells[variable] ?? '').matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((match) => match[1]!);
    for (const name of names) {
      if (rows.has(name)) throw new Error(`${spec.file}: ${name} has two rows in the table under "${spec.heading}"`);
      rows.set(name, { text: line, default: cells[fallback] ?? '', secret: cells[secret] ?? '' });
    }
  }
  return rows;
}

/** The code and the numbers of a default, in order of appearance within each kind: what no translation changes. */
function defaultFacts(cell: string): string[] {
  const code = [...cell.matchAll(/`[^`]+`/g)].map((match) => match[0]);
  // 1,000 and 1000 are one number, whichever a table writes.
  const numbers =
    cell
      .replace(/`[^`]+`/g, ' ')
      .replace(/(?<=\d)[,，](?=\d{3})/g, '')
      .match(/\d+/g) ?? [];
  return [...code, ...numbers];
}

/** The secret column as yes and no, in order ("no / **yes**" for a row of two variables). */
function secretFacts(cell: string, spec: TableSpec): string[] {
  const words = Object.keys(spec.yesNo).join('|');
  return [...cell.matchAll(new RegExp(`(?<![A-Za-z])(${words})(?![A-Za-z])`, 'g'))].map((match) => spec.yesNo[match[1]!]!);
}

const english = environmentTable(ENGLISH);
const japanese = environmentTable(JAPANESE);

describe('README.md and README.ja.md: the environment tables', () => {
  test('every variable the configuration reads has a row in README.md', () => {
    const missing = CONFIG_VARIABLES.filter((name) => !english.has(name));
    expect(
      missing,
      `src/config.ts reads ${missing.join(', ')}, which README.md does not document: add a row for each to the table under "${ENGLISH.heading}" in README.md, and its translation to the table under "${JAPANESE.heading}" in README.ja.md`,
    ).toEqual([]);
  });

  test('every variable of README.md’s table has its row in README.ja.md', () => {
    const missing = [...english.keys()].filter((name) => !japanese.has(name));
    const rows = [...new Set(missing.map((name) => english.get(name)!.text))];
    expect(
      missing,
      `README.ja.md has no row for ${missing.join(', ')}: translate these rows of README.md into the table under "${JAPANESE.heading}" in README.ja.md (keep the default's numbers and code, and はい/いいえ for secret):\n${rows.join('\n')}\n`,
    ).toEqual([]);
  });

  test('README.ja.md documents no variable README.md leaves out', () => {
    const extra = [...japanese.keys()].filter((name) => !english.has(name));
    expect(
      extra,
      `README.ja.md has a row for ${extra.join(', ')}, which README.md's table under "${ENGLISH.heading}" has not: add it there too, or remove it from README.ja.md`,
    ).toEqual([]);
  });

  test('neither table documents a variable the configuration does not read', () => {
    const read = new Set<string>(CONFIG_VARIABLES);
    const stale = [...english.keys(), ...japanese.keys()].filter((name, index, all) => !read.has(name) && all.indexOf(name) === index);
    expect(
      stale,
      `${stale.join(', ')} ${stale.length === 1 ? 'has a row' : 'have rows'} in the environment table of README.md or README.ja.md, but src/config.ts does not read ${stale.length === 1 ? 'it' : 'them'} (CONFIG_VARIABLES): remove the rows, or add the variables to the configuration`,
    ).toEqual([]);
  });

  test('a variable is secret, or not, in both tables', () => {
    const differ = [...english.keys()]
      .filter((name) => japanese.has(name))
      .filter((name) => secretFacts(english.get(name)!.secret, ENGLISH).join() !== secretFacts(japanese.get(name)!.secret, JAPANESE).join())
      .map((name) => `${name}: README.md says "${english.get(name)!.secret}", README.ja.md "${japanese.get(name)!.secret}"`);
    expect(differ, 'the secret column of README.ja.md (はい/いいえ) must say what README.md’s says (yes/no)').toEqual([]);
  });

  test('a variable’s default has the same numbers and code in both tables', () => {
    const differ = [...english.keys()]
      .filter((name) => japanese.has(name))
      .filter(
        (name) =>
          defaultFacts(english.get(name)!.default).sort().join('\n') !== defaultFacts(japanese.get(name)!.default).sort().join('\n'),
      )
      .map((name) => `${name}: README.md says "${english.get(name)!.default}", README.ja.md "${japanese.get(name)!.default}"`);
    expect(differ, 'the default column of README.ja.md must keep the numbers and the `code` of README.md’s').toEqual([]);
  });
});

describe('the tables’ reader', () => {
  test('reads the numbers and code of a default, whatever the language around them', () => {
    expect(defaultFacts('86400000 (24 h)').sort()).toEqual(defaultFacts('86400000（24 時間）').sort());
    expect(defaultFacts('`false` (IMSI hidden, ICCID masked to its last 4 digits)')).toEqual(['`false`', '4']);
    expect(defaultFacts('1 each')).not.toEqual(defaultFacts('各 2'));
    expect(defaultFacts('1,000 lines')).toEqual(defaultFacts('1000 回線'));
  });

  test('reads the secret column in order, and not inside other words', () => {
    expect(secretFacts('no / **yes**', ENGLISH)).toEqual(['no', 'yes']);
    expect(secretFacts('いいえ / **はい**', JAPANESE)).toEqual(['no', 'yes']);
    expect(secretFacts('yes when it holds a password (`redis://:pass@host`)', ENGLISH)).toEqual(['yes']);
    expect(secretFacts('none', ENGLISH)).toEqual([]);
  });
});
