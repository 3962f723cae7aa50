/**
 * `npm run build`, its second step (the first is tsc's type check, tsconfig.build.json): the bot
 * as `npm start` runs it, `dist/main.js`, bundled by esbuild from `src/main.ts` together with its
 * dependencies (Bolt, zod, undici, pino, prom-client…). Loading a few large files instead of
 * hundreds of small ones (each found, read and compiled apart) takes about a third of the start's
 * CPU away (ARCHITECTURE.md "Start and stop"; `npm run bench:startup`).
 *
 * What is loaded only on demand stays so: the `import()`s of src/ (the embedded sandbox, the
 * Redis backend, the parts that need Bolt) become chunks of their own in `dist/chunks/`, and what
 * src/ loads through `createRequire` (date-fns, libphonenumber-js, lossless-json, pino-pretty) is
 * still read from node_modules/ when first used. Kept out of the bundle, read from node_modules/
 * at run time: sqlite3 (a native addon its `bindings` finds beside its own files) and
 * @keyv/redis (loaded only with a Redis STORE_URL).
 *
 *   npm run build              (or, without the type check: npx tsx tools/bundle.ts)
 */
import { build } from 'esbuild';
import { readdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(import.meta.dirname, '..');

/** Read from node_modules/ at run time, not bundled (see above). */
export const EXTERNAL = ['sqlite3', '@keyv/redis'];

/** Writes dist/ afresh (the type check's incremental record, dist/.tsbuildinfo, is kept). */
export async function bundle(root = ROOT): Promise<void> {
  const outdir = join(root, 'dist');
  const kept = new Set(['.tsbuildinfo']);
  const present = await readdir(outdir).catch(() => [] as string[]);
  await Promise.all(present.filter((name) => !kept.has(name)).map((name) => rm(join(outdir, name), { recursive: true, force: true })));
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['src/main.ts'],
    outdir,
    entryNames: '[name]',
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: EXTERNAL,
    // The CommonJS dependencies (Bolt, undici, pino…) call `require` for Node's own modules,
    // which an ES module does not have.
    banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
    sourcemap: true,
    logLevel: 'warning',
  });
  if (result.errors.length > 0) throw new Error(`esbuild: ${result.errors.length} errors`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await bundle();
