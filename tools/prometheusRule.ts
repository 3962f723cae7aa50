/**
 * deploy/kubernetes's PrometheusRule, made from deploy/prometheus/freebit-ops.rules.yml (the one
 * source of the alert rules, which promtool checks and tests): its groups, wrapped for the
 * Prometheus Operator. `npm test` fails when the committed file is not what this makes.
 *   npx tsx tools/prometheusRule.ts      (writes it)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse, stringify } from 'yaml';

const ROOT = resolve(import.meta.dirname, '..');
export const RULES_FILE = join(ROOT, 'deploy/prometheus/freebit-ops.rules.yml');
export const PROMETHEUS_RULE_FILE = join(ROOT, 'deploy/kubernetes/components/monitoring/prometheusrule.yaml');

export function prometheusRule(rulesText: string = readFileSync(RULES_FILE, 'utf8')): string {
  const { groups } = parse(rulesText) as { groups: unknown[] };
  const resource = {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: 'freebit-ops', labels: { 'app.kubernetes.io/name': 'freebit-ops' } },
    spec: { groups },
  };
  return `# Made by tools/prometheusRule.ts from deploy/prometheus/freebit-ops.rules.yml: edit that file, then run\n# npx tsx tools/prometheusRule.ts (npm test fails while they differ).\n${stringify(resource, { lineWidth: 0 })}`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(PROMETHEUS_RULE_FILE, prometheusRule());
  console.log(`wrote ${PROMETHEUS_RULE_FILE}`);
}
