/**
 * `npm run sandbox`: the sandbox on its own, for demos and for pointing a bot at it
 * (FREEBIT_BASE_URL=<the printed URL>). Stops cleanly on SIGINT/SIGTERM.
 */
import { z } from 'zod';
import { startSandbox } from './server.js';

// An empty variable counts as unset, as in a .env file with `SANDBOX_PORT=`.
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const Environment = z.object({
  SANDBOX_PORT: optional(z.coerce.number().int().min(0).max(65535)),
  SANDBOX_TIME_SCALE: optional(z.coerce.number().positive().finite()),
  SANDBOX_OEM_ID: optional(z.string()),
  SANDBOX_OEM_KEY: optional(z.string()),
});

const parsed = Environment.safeParse(process.env);
const problems = parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
// Checked beside the schema (not in a refine, which zod skips once a field fails) so one message names every problem.
if (!process.env.SANDBOX_OEM_ID !== !process.env.SANDBOX_OEM_KEY) problems.push('set both SANDBOX_OEM_ID and SANDBOX_OEM_KEY, or neither');
if (!parsed.success || problems.length > 0) {
  console.error(`sandbox: invalid environment: ${problems.join('; ')}`);
  process.exit(2);
}
const env = parsed.data;

const sandbox = await startSandbox({
  port: env.SANDBOX_PORT ?? 8787,
  timeScale: env.SANDBOX_TIME_SCALE ?? 1,
  oemId: env.SANDBOX_OEM_ID,
  oemKey: env.SANDBOX_OEM_KEY,
});
console.log(`Freebit sandbox listening at ${sandbox.url}`);
console.log(
  `time scale ${env.SANDBOX_TIME_SCALE ?? 1}; OEM credentials: ${env.SANDBOX_OEM_ID ? 'SANDBOX_OEM_ID/SANDBOX_OEM_KEY only' : 'any non-empty pair'}`,
);
console.log('seeded lines (src/sandbox/README.md):');
for (const account of ['09012345678', '08038433843', '07011112222', '08099998888', '09087654321']) {
  const line = sandbox.line(account);
  if (line)
    console.log(
      `  ${account}  ${line.state}  ${line.contractLine}  ${line.planCode}${line.pending ? `  async ${line.pending.func} ${line.pending.date}` : ''}`,
    );
}

const stop = (signal: string) => {
  console.log(`${signal}: stopping`);
  sandbox.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error('sandbox: failed to stop cleanly', error);
      process.exit(1);
    },
  );
};
process.once('SIGINT', () => stop('SIGINT'));
process.once('SIGTERM', () => stop('SIGTERM'));
