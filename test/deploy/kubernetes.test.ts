/**
 * deploy/kubernetes holds together: each kustomization renders (by the small renderer below,
 * which knows exactly the kustomize features these files use and refuses any other, and, where
 * `kubectl` is on PATH, by `kubectl kustomize` too, the two compared), and what it renders fits
 * the bot: every variable it sets is one the configuration reads and the whole environment is
 * accepted by it; the probes ask paths the bot answers on the port it listens on; the grace
 * outlasts the drain; Redis persists and never evicts; the image is the Dockerfile's; the alert
 * rules are the rules file's. Every object is also validated against the Kubernetes API's
 * OpenAPI schemas (and the Prometheus Operator's CRDs) by kubernetes-models, offline.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { PrometheusRule, ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Service } from 'kubernetes-models/v1';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { CONFIG_VARIABLES, loadConfig, type Config } from '../../src/config.js';
import { shutdownGraceMs } from '../../src/main.js';
import { startSlackRig, type RestartableSlackRig } from '../../tools/slackDouble/rig.js';
import { prometheusRule, PROMETHEUS_RULE_FILE } from '../../tools/prometheusRule.js';
import { onPath } from '../setup/redis.js';

const ROOT = resolve(import.meta.dirname, '../..');
const KUBE = join(ROOT, 'deploy/kubernetes');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- manifests are free-form YAML, checked by the assertions
type Obj = Record<string, any>;

/** Kubernetes reads YAML 1.1 (`0440` is octal there), so do we. */
const yamlDocuments = (text: string): Obj[] =>
  parseAllDocuments(text, { version: '1.1' })
    .map((document) => document.toJS() as Obj | null)
    .filter((each): each is Obj => each !== null);

/** The schema of each kind the manifests use (an object of any other kind fails the test). */
const SCHEMAS: Record<string, (new (data: never) => { validate(): void }) | undefined> = {
  'apps/v1/Deployment': Deployment,
  'apps/v1/StatefulSet': StatefulSet,
  'v1/Service': Service,
  'v1/ConfigMap': ConfigMap,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'monitoring.coreos.com/v1/ServiceMonitor': ServiceMonitor,
  'monitoring.coreos.com/v1/PrometheusRule': PrometheusRule,
};

// ---- the renderer ---------------------------------------------------------------------------

const KNOWN_FIELDS = new Set(['apiVersion', 'kind', 'resources', 'components', 'patches', 'images', 'configMapGenerator']);

/** `KEY=value` lines of a configMapGenerator `envs` file (comments and blank lines skipped, as kustomize does). */
function envFile(path: string): Record<string, string> {
  const data: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const at = line.indexOf('=');
    if (at < 1) throw new Error(`${relative(ROOT, path)}: "${line}" is not KEY=value`);
    data[line.slice(0, at)] = line.slice(at + 1);
  }
  return data;
}

/** A strategic merge patch as kustomize applies ours: maps merged, lists of named items merged by name (`$patch: delete` removes one), other lists replaced. */
function merge(target: unknown, patch: unknown): unknown {
  if (Array.isArray(patch)) {
    if (!Array.isArray(target) || !patch.every((item) => typeof item === 'object' && item !== null && 'name' in item)) return patch;
    const result = [...(target as Obj[])];
    for (const item of patch as Obj[]) {
      const at = result.findIndex((each) => each.name === item.name);
      if (item.$patch === 'delete') {
        if (at < 0) throw new Error(`patch deletes ${item.name}, which is not there`);
        result.splice(at, 1);
      } else if (at < 0) result.unshift(item);
      else result[at] = merge(result[at], item) as Obj;
    }
    return result;
  }
  if (typeof patch === 'object' && patch !== null) {
    const result: Obj = { ...(typeof target === 'object' && target !== null ? (target as Obj) : {}) };
    for (const [key, value] of Object.entries(patch)) result[key] = merge(result[key], value);
    return result;
  }
  return patch;
}

const podSpecOf = (object: Obj): Obj | undefined => object.spec?.template?.spec;

/** Renders the kustomization (or component) in `folder` onto `objects`. */
function build(folder: string, objects: Obj[] = []): Obj[] {
  const file = join(folder, 'kustomization.yaml');
  if (!existsSync(file)) throw new Error(`${relative(ROOT, folder)} has no kustomization.yaml`);
  const kustomization = parse(readFileSync(file, 'utf8')) as Obj;
  const unknown = Object.keys(kustomization).filter((key) => !KNOWN_FIELDS.has(key));
  if (unknown.length > 0) throw new Error(`${relative(ROOT, file)}: this test's renderer does not know ${unknown.join(', ')}`);
  for (const resource of (kustomization.resources ?? []) as string[]) {
    const path = join(folder, resource);
    if (!existsSync(path)) throw new Error(`${relative(ROOT, file)} names ${resource}, which does not exist`);
    if (statSync(path).isDirectory()) build(path, objects);
    else objects.push(...yamlDocuments(readFileSync(path, 'utf8')));
  }
  for (const generator of (kustomization.configMapGenerator ?? []) as Obj[]) {
    const data: Record<string, string> = {};
    for (const env of (generator.envs ?? []) as string[]) Object.assign(data, envFile(join(folder, env)));
    for (const each of (generator.files ?? []) as string[]) data[basename(each)] = readFileSync(join(folder, each), 'utf8');
    objects.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: generator.name }, data });
  }
  for (const component of (kustomization.components ?? []) as string[]) {
    const path = join(folder, component);
    if ((parse(readFileSync(join(path, 'kustomization.yaml'), 'utf8')) as Obj).kind !== 'Component')
      throw new Error(`${component} is not a Component`);
    build(path, objects);
  }
  for (const { target, patch } of (kustomization.patches ?? []) as Obj[]) {
    const matching = objects.filter((object) => object.kind === target.kind && object.metadata.name === target.name);
    if (matching.length !== 1)
      throw new Error(`${relative(ROOT, file)}: a patch targets ${target.kind} ${target.name}, found ${matching.length} times`);
    const patched = merge(matching[0], parse(patch as string)) as Obj;
    objects.splice(objects.indexOf(matching[0]!), 1, patched);
  }
  for (const image of (kustomization.images ?? []) as Obj[]) {
    for (const object of objects) {
      for (const container of (podSpecOf(object)?.containers ?? []) as Obj[]) {
        if (container.image.split(':')[0] === image.name) container.image = `${image.newName ?? image.name}:${image.newTag}`;
      }
    }
  }
  return objects;
}

/** Every kustomization that can be applied on its own (components are applied through them). */
const VARIANTS = {
  'deploy/kubernetes (HTTP, Redis StatefulSet)': KUBE,
  'overlays/socket-mode': join(KUBE, 'overlays/socket-mode'),
  'overlays/managed-redis': join(KUBE, 'overlays/managed-redis'),
};

function kustomizationFolders(folder: string): string[] {
  const found = existsSync(join(folder, 'kustomization.yaml')) ? [folder] : [];
  for (const entry of readdirSync(folder, { withFileTypes: true }))
    if (entry.isDirectory()) found.push(...kustomizationFolders(join(folder, entry.name)));
  return found;
}

const find = (objects: Obj[], kind: string, name: string): Obj => {
  const found = objects.find((object) => object.kind === kind && object.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in the render`);
  return found;
};
const botDeployment = (objects: Obj[]) => find(objects, 'Deployment', 'freebit-ops');
const botContainer = (objects: Obj[]): Obj =>
  podSpecOf(botDeployment(objects))!.containers.find((container: Obj) => container.name === 'bot');
const selects = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([key, value]) => labels[key] === value);

/** The runtime stage's `ENV` of the Dockerfile: what the image sets before the manifests do. */
function imageEnvironment(): Record<string, string> {
  const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8').replace(/\\\n/g, ' ');
  const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
  const env: Record<string, string> = {};
  for (const [, assignments] of runtime.matchAll(/^ENV\s+(.+)$/gm))
    for (const [, name, value] of assignments!.matchAll(/(\w+)=(\S+)/g)) env[name!] = value!;
  return env;
}

/** Stand-ins for the Secret's files, each a valid value of its variable (the real ones are the operator's). */
const SECRET_FILE_CONTENT: Record<string, string> = {
  'slack-bot-token': 'xoxb-from-the-secret\n',
  'slack-signing-secret': 'signing-secret-from-the-secret\n',
  'slack-app-token': 'xapp-1-from-the-secret\n',
  'store-url': 'redis://:redis-password@freebit-ops-redis:6379/0\n',
  'freebit-oem-key': 'oem-key-from-the-secret\n',
};

/** The bot's environment in the pod (image ENV, the ConfigMap, the container's env) read by the real configuration, files from the mounted Secret. */
function podConfiguration(objects: Obj[]): { env: Record<string, string>; config: Config } {
  const container = botContainer(objects);
  const env: Record<string, string> = { ...imageEnvironment() };
  for (const source of (container.envFrom ?? []) as Obj[]) Object.assign(env, find(objects, 'ConfigMap', source.configMapRef.name).data);
  for (const variable of container.env as Obj[]) {
    if (variable.value === undefined) throw new Error(`${variable.name} is not given as a value`);
    env[variable.name] = variable.value;
  }
  const secretMounts = (container.volumeMounts as Obj[]).filter(
    (mount) => podSpecOf(botDeployment(objects))!.volumes.find((volume: Obj) => volume.name === mount.name)?.secret,
  );
  const loaded = loadConfig(env, (path) => {
    const mount = secretMounts.find((each) => dirname(path) === each.mountPath);
    const content = mount ? SECRET_FILE_CONTENT[basename(path)] : undefined;
    if (content === undefined) throw Object.assign(new Error(`no such file ${path}`), { code: 'ENOENT' });
    return content;
  });
  if (!loaded.ok) throw new Error(`the configuration refuses the manifests' environment: ${loaded.problems.join('; ')}`);
  return { env, config: loaded.config };
}

const rendered = Object.fromEntries(Object.entries(VARIANTS).map(([name, folder]) => [name, build(folder)])) as Record<
  keyof typeof VARIANTS,
  Obj[]
>;
const variants = Object.entries(rendered);

describe('deploy/kubernetes', () => {
  test('every kustomization renders, and every file in the folder is used by one', () => {
    const used = new Set<string>();
    for (const folder of kustomizationFolders(KUBE)) {
      used.add(join(folder, 'kustomization.yaml'));
      const kustomization = parse(readFileSync(join(folder, 'kustomization.yaml'), 'utf8')) as Obj;
      for (const entry of [
        ...(kustomization.resources ?? []),
        ...(kustomization.configMapGenerator ?? []).flatMap((generator: Obj) => [...(generator.envs ?? []), ...(generator.files ?? [])]),
      ])
        used.add(join(folder, entry));
      if (kustomization.kind !== 'Component') expect(() => build(folder), relative(ROOT, folder)).not.toThrow();
    }
    const files = (folder: string): string[] =>
      readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory() ? files(join(folder, entry.name)) : [join(folder, entry.name)],
      );
    expect(
      files(KUBE)
        .filter((file) => !used.has(file))
        .map((file) => relative(ROOT, file)),
    ).toEqual([]);
    expect(rendered['overlays/socket-mode'].length).toBeGreaterThan(10);
  });

  test.each(variants)('%s: every object is valid against the Kubernetes and Prometheus Operator schemas', (_, objects) => {
    for (const object of objects) {
      const Model = SCHEMAS[`${object.apiVersion}/${object.kind}`];
      expect(Model, `${object.apiVersion}/${object.kind}`).toBeDefined();
      expect(() => new Model!(object as never).validate(), `${object.kind} ${object.metadata.name}`).not.toThrow();
    }
    // The validator does refuse: a port given as a word.
    const broken = structuredClone(botDeployment(objects));
    broken.spec.template.spec.containers[0].ports[0].containerPort = 'three thousand';
    expect(() => new Deployment(broken as never).validate()).toThrow(/containerPort must be integer/);
  });

  test.each(variants)('%s: two replicas of the Dockerfile’s image, freebit-ops:<package.json version>', (_, objects) => {
    expect(readFileSync(join(ROOT, 'Dockerfile'), 'utf8')).toMatch(/docker build -t freebit-ops /);
    expect(botDeployment(objects).spec.replicas).toBe(2);
    expect(botContainer(objects).image).toBe(`freebit-ops:${VERSION}`);
  });

  test.each(variants)(
    '%s: every variable it sets is one the configuration reads, and the whole environment is accepted',
    (name, objects) => {
      const { env, config } = podConfiguration(objects);
      const set = Object.keys(env).filter((variable) => !['NODE_ENV'].includes(variable));
      expect(set.filter((variable) => !CONFIG_VARIABLES.includes(variable))).toEqual([]);
      // Secrets only as files: no secret's value is written in a manifest.
      for (const secret of ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'FREEBIT_OEM_KEY', 'STORE_URL'])
        expect(env[secret] ?? '').toBe('');
      // Several replicas need Redis; the mode is the variant's.
      expect(config.storeUrl).toMatch(/^rediss?:\/\//);
      expect(config.slack.appToken !== undefined, 'Socket Mode').toBe(name.includes('socket-mode'));
      expect(config.slack.signingSecret !== undefined, 'HTTP mode').toBe(!name.includes('socket-mode'));
    },
  );

  test('config.env mentions (also in its comments) only variables the configuration reads', () => {
    const mentioned = [...readFileSync(join(KUBE, 'base/config.env'), 'utf8').matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map(
      (match) => match[1]!,
    );
    expect(mentioned.length).toBeGreaterThan(5);
    expect(mentioned.filter((variable) => !CONFIG_VARIABLES.includes(variable))).toEqual([]);
  });

  test.each(variants)('%s: the grace outlasts the preStop pause and the bot’s drain, with room to exit', (_, objects) => {
    const { config } = podConfiguration(objects);
    const pod = podSpecOf(botDeployment(objects))!;
    const preStop = botContainer(objects).lifecycle.preStop.exec.command as string[];
    expect(preStop[0]).toBe('sleep');
    const pauseSeconds = Number(preStop[1]);
    expect(pauseSeconds).toBeGreaterThan(0);
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(pauseSeconds + shutdownGraceMs(config) / 1000 + 5);
    // The default 8000 ms gives a 53 s drain: the sum Kubernetes' 30 s default would cut.
    expect(shutdownGraceMs(config)).toBe(53_000);
  });

  test.each(variants)('%s: a disruption budget keeps one replica of the bot up', (_, objects) => {
    const budget = find(objects, 'PodDisruptionBudget', 'freebit-ops');
    expect(selects(budget.spec.selector.matchLabels, botDeployment(objects).spec.template.metadata.labels)).toBe(true);
    expect(budget.spec.minAvailable).toBeGreaterThanOrEqual(1);
    expect(budget.spec.minAvailable).toBeLessThan(botDeployment(objects).spec.replicas);
  });

  test.each(variants)('%s: not root, nothing writable but /tmp and the Secret read-only', (_, objects) => {
    const pod = podSpecOf(botDeployment(objects))!;
    const container = botContainer(objects);
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(pod.securityContext.runAsUser).not.toBe(0);
    expect(container.securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    });
    const writable = (container.volumeMounts as Obj[])
      .filter((mount) => !mount.readOnly)
      .map((mount) => [
        mount.mountPath,
        Object.keys(pod.volumes.find((volume: Obj) => volume.name === mount.name)).filter((key) => key !== 'name'),
      ]);
    expect(writable).toEqual([['/tmp', ['emptyDir']]]);
  });

  test.each(variants)('%s: the bot may send only to DNS, HTTPS (Slack, Freebit) and Redis', (name, objects) => {
    const labels = botDeployment(objects).spec.template.metadata.labels as Record<string, string>;
    const policies = objects.filter(
      (object) =>
        object.kind === 'NetworkPolicy' &&
        selects(object.spec.podSelector.matchLabels, labels) &&
        object.spec.policyTypes.includes('Egress'),
    );
    const rules = policies.flatMap((policy) => policy.spec.egress as Obj[]);
    // A rule without ports would allow every port.
    expect(rules.every((rule) => (rule.ports ?? []).length > 0)).toBe(true);
    const ports = new Set(rules.flatMap((rule) => (rule.ports as Obj[]).map((port) => `${port.protocol}/${port.port}`)));
    expect([...ports].sort()).toEqual(
      ['TCP/443', 'TCP/53', 'TCP/6379', 'UDP/53', ...(name.includes('managed-redis') ? ['TCP/6380'] : [])].sort(),
    );
    // Only DNS and Redis rules name their destination; 443 is open to any address (Slack's and Freebit's change).
    const redisRule = rules.find((rule) => (rule.ports as Obj[]).some((port) => port.port === 6379))!;
    expect(redisRule.to.length).toBeGreaterThan(0);
  });

  test.each(variants)('%s: probes and the scrape ask what the bot answers, on the port it listens on', (_, objects) => {
    const { config } = podConfiguration(objects);
    const container = botContainer(objects);
    const http = (container.ports as Obj[]).find((port) => port.name === 'http')!;
    expect(http.containerPort).toBe(config.port);
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/livez', port: 'http' });
    const annotations = botDeployment(objects).spec.template.metadata.annotations;
    expect(annotations).toMatchObject({
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': String(config.port),
      'prometheus.io/path': '/metrics',
    });
    // The Service the ServiceMonitor selects is named as the job the alert rules expect, and reaches the http port.
    const service = find(objects, 'Service', 'freebit-ops');
    expect(readFileSync(join(ROOT, 'deploy/prometheus/freebit-ops.rules.yml'), 'utf8')).toContain(`job="${service.metadata.name}"`);
    expect(selects(service.spec.selector, botDeployment(objects).spec.template.metadata.labels)).toBe(true);
    expect(service.spec.ports).toContainEqual(expect.objectContaining({ name: 'http', targetPort: 'http' }));
    const monitor = find(objects, 'ServiceMonitor', 'freebit-ops');
    expect(selects(monitor.spec.selector.matchLabels, service.metadata.labels)).toBe(true);
    expect(monitor.spec.endpoints).toEqual([expect.objectContaining({ port: 'http', path: '/metrics' })]);
  });

  describe('the probe paths on the real bot', () => {
    let rig: RestartableSlackRig;
    beforeAll(async () => {
      rig = await startSlackRig();
    });
    afterAll(() => rig?.close());

    test('readiness 200 once ready, liveness 200, metrics 200, as the manifests ask them', async () => {
      const container = botContainer(rendered['deploy/kubernetes (HTTP, Redis StatefulSet)']);
      for (const path of [container.readinessProbe.httpGet.path, container.livenessProbe.httpGet.path, '/metrics']) {
        const response = await fetch(`${rig.bot.url}${path}`);
        expect(response.status, path).toBe(200);
      }
    });
  });

  test('the PrometheusRule is the rules file’s groups (tools/prometheusRule.ts makes it)', () => {
    expect(readFileSync(PROMETHEUS_RULE_FILE, 'utf8'), 'run: npx tsx tools/prometheusRule.ts').toBe(prometheusRule());
    const resource = yamlDocuments(readFileSync(PROMETHEUS_RULE_FILE, 'utf8'))[0]!;
    expect(resource.spec.groups).toEqual(
      (parse(readFileSync(join(ROOT, 'deploy/prometheus/freebit-ops.rules.yml'), 'utf8')) as Obj).groups,
    );
    for (const objects of Object.values(rendered))
      expect(find(objects, 'PrometheusRule', 'freebit-ops').spec.groups).toEqual(resource.spec.groups);
  });

  describe('Redis', () => {
    const withStatefulSet = variants.filter(([name]) => !name.includes('managed-redis'));

    test.each(withStatefulSet)(
      '%s: a StatefulSet on its own volume, appending every write (fsync each second), never evicting',
      (_, objects) => {
        const redis = find(objects, 'StatefulSet', 'freebit-ops-redis');
        const container = redis.spec.template.spec.containers[0] as Obj;
        const dataMount = (container.volumeMounts as Obj[]).find(
          (mount) => mount.name === redis.spec.volumeClaimTemplates[0].metadata.name,
        );
        expect(dataMount?.mountPath).toBe('/data');
        const configVolume = (redis.spec.template.spec.volumes as Obj[]).find((volume) => volume.configMap)!;
        const configMount = (container.volumeMounts as Obj[]).find((mount) => mount.name === configVolume.name)!;
        expect(container.command.join(' ')).toContain(`redis-server ${configMount.mountPath}/redis.conf`);
        const conf = find(objects, 'ConfigMap', configVolume.configMap.name).data['redis.conf'] as string;
        const settings = Object.fromEntries(
          conf
            .split('\n')
            .filter((line) => line.trim() && !line.startsWith('#'))
            .map((line) => [line.split(/\s+/)[0], line.split(/\s+/).slice(1).join(' ')]),
        );
        expect(settings).toMatchObject({ appendonly: 'yes', appendfsync: 'everysec', 'maxmemory-policy': 'noeviction', dir: '/data' });
        // The bot's STORE_URL names the Service in front of it.
        const service = find(objects, 'Service', 'freebit-ops-redis');
        expect(selects(service.spec.selector, redis.spec.template.metadata.labels)).toBe(true);
        expect(new URL(podConfiguration(objects).config.storeUrl).host).toBe(`${service.metadata.name}:${service.spec.ports[0].port}`);
      },
    );

    test('overlays/managed-redis runs no Redis of its own', () => {
      expect(
        rendered['overlays/managed-redis'].filter(
          (object) => object.kind === 'StatefulSet' || object.metadata.name.includes('redis-config'),
        ),
      ).toEqual([]);
    });

    test('redis.conf is one a real redis-server starts with, and reports the settings', async (context) => {
      const server = onPath('redis-server');
      if (!server) context.skip('redis-server is not on PATH');
      const conf = readFileSync(join(KUBE, 'redis/redis.conf'), 'utf8');
      const folder = await mkdtemp(join(tmpdir(), 'freebit-ops-redis-conf-'));
      try {
        await mkdir(join(folder, 'data'));
        await mkdir(join(folder, 'run'));
        await writeFile(join(folder, 'run/auth.conf'), 'requirepass "test-password"\n');
        // The pod's paths moved into this folder, and a Unix socket instead of a TCP port (no port to collide with).
        const local = conf
          .replace('dir /data', `dir ${folder}/data`)
          .replace('include /run/redis/auth.conf', `include ${folder}/run/auth.conf`)
          .replace(/^port .*$/m, 'port 0')
          .replace(/^bind .*$/m, 'bind 127.0.0.1');
        await writeFile(join(folder, 'redis.conf'), `${local}\nunixsocket ${folder}/redis.sock\n`);
        const child = spawn(server!, [join(folder, 'redis.conf')], { stdio: 'ignore' });
        try {
          const ask = (...args: string[]) =>
            spawnSync('redis-cli', ['-s', join(folder, 'redis.sock'), ...args], {
              encoding: 'utf8',
              env: { ...process.env, REDISCLI_AUTH: 'test-password' },
            }).stdout;
          for (let i = 0; i < 100 && !ask('ping').includes('PONG'); i++) await new Promise((done) => setTimeout(done, 50));
          expect(ask('config', 'get', 'appendonly').split('\n')).toContain('yes');
          expect(ask('config', 'get', 'appendfsync').split('\n')).toContain('everysec');
          expect(ask('config', 'get', 'maxmemory-policy').split('\n')).toContain('noeviction');
        } finally {
          child.kill('SIGTERM');
          await new Promise((done) => child.once('exit', done));
        }
      } finally {
        await rm(folder, { recursive: true, force: true });
      }
    });
  });

  test('kubectl kustomize renders each the same as this test does', (context) => {
    const kubectl = onPath('kubectl');
    if (!kubectl || spawnSync(kubectl, ['kustomize', '--help']).status !== 0)
      context.skip('kubectl (with kustomize) is not on PATH; this test’s own renderer checked the manifests');
    const withoutHash = (text: string) => text.replace(/(freebit-ops-(?:redis-)?config)-[a-z0-9]{10}\b/g, '$1');
    const key = (object: Obj) => `${object.kind}/${object.metadata.name}`;
    for (const [name, folder] of Object.entries(VARIANTS)) {
      const result = spawnSync(kubectl!, ['kustomize', folder], { encoding: 'utf8' });
      expect(result.stderr, name).toBe('');
      const theirs = yamlDocuments(withoutHash(result.stdout)).sort((a, b) => key(a).localeCompare(key(b)));
      const ours = [...rendered[name as keyof typeof VARIANTS]].sort((a, b) => key(a).localeCompare(key(b)));
      expect(theirs.map(key), name).toEqual(ours.map(key));
      expect(theirs, name).toEqual(ours);
    }
  });
});
