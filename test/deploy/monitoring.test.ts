/**
 * deploy/: the Prometheus rules and the Grafana dashboard speak of the series the bot really
 * exposes (src/metrics.ts), and the dashboard's queries are valid PromQL. `promtool check
 * rules` and `promtool test rules` on the rules themselves run in .ci/run.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { Metrics } from '../../src/metrics.js';
import { onPath } from '../setup/redis.js';

const ROOT = resolve(import.meta.dirname, '../..');
const RULES = join(ROOT, 'deploy/prometheus/freebit-ops.rules.yml');
const DASHBOARD = join(ROOT, 'deploy/grafana/freebit-ops.json');

interface Panel {
  title: string;
  type: string;
  targets?: Array<{ expr: string }>;
}

async function dashboardQueries(): Promise<Array<{ panel: string; expr: string }>> {
  const dashboard = JSON.parse(await readFile(DASHBOARD, 'utf8')) as { panels: Panel[] };
  return dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => ({ panel: panel.title, expr: target.expr })));
}

/** The metric names the bot's /metrics declares (`# TYPE` lines), histograms with their series suffixes. */
async function exposedNames(): Promise<Set<string>> {
  const { body } = await new Metrics({ clock: new ManualClock() }).render();
  const names = new Set<string>();
  for (const [, name, type] of body.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    names.add(name!);
    if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(`${name}${suffix}`);
  }
  return names;
}

const namesIn = (text: string) => new Set(text.match(/\bfreebit_ops_[a-z0-9_]+/g) ?? []);

describe('deploy/: alert rules and dashboard', () => {
  test('name only series the bot exposes', async () => {
    const exposed = await exposedNames();
    const rules = await readFile(RULES, 'utf8');
    const queries = (await dashboardQueries()).map((query) => query.expr).join('\n');
    const unknown = [...namesIn(rules), ...namesIn(queries)].filter((name) => !exposed.has(name));
    expect(unknown).toEqual([]);
    // Every series of src/metrics.ts (not Node's own) is on the dashboard.
    const ours = [...exposed].filter(
      (name) => !/^freebit_ops_(process|nodejs)_/.test(name) && !/_(sum|count)$/.test(name) && !exposed.has(`${name}_bucket`),
    );
    expect(ours.filter((name) => !namesIn(queries).has(name))).toEqual([]);
  });

  test('every dashboard query is valid PromQL (promtool)', async (context) => {
    const queries = await dashboardQueries();
    expect(queries.length).toBeGreaterThan(10);
    const promtool = onPath('promtool');
    if (!promtool) context.skip('promtool is not on PATH (Debian: apt-get install prometheus); .ci/run installs it');
    // Grafana's variables as Prometheus would see them once Grafana substituted them.
    const substituted = queries.map(({ panel, expr }) => ({
      panel,
      expr: expr.replaceAll('$__rate_interval', '5m').replaceAll('$job', '.*').replaceAll('$instance', '.*'),
    }));
    const folder = await mkdtemp(join(tmpdir(), 'freebit-ops-dashboard-'));
    try {
      const file = join(folder, 'dashboard-queries.rules.yml');
      const rules = substituted
        .map(({ expr }, index) => `      - record: dashboard:query_${index}\n        expr: ${JSON.stringify(expr)}`)
        .join('\n');
      await writeFile(file, `groups:\n  - name: dashboard\n    rules:\n${rules}\n`);
      const checked = spawnSync(promtool!, ['check', 'rules', file], { encoding: 'utf8' });
      expect(`${checked.stdout}${checked.stderr}`).toContain(`SUCCESS: ${substituted.length} rules found`);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
