import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import express from 'express';
import { load, YAML11_SCHEMA } from 'js-yaml';
import { trustProxySetting } from '../../apps/api/src/config/trust-proxy';

// The build script is plain CommonJS (it runs before anything is compiled).
const { TARGETS } = require('./build.js') as { TARGETS: Record<string, string> };

/**
 * What can be checked of docker/ without a Docker engine: the compose file parses and keeps the production rules
 * (no shipped secrets, replicas, one published port, the sandbox only in the demo profile), every command runs a
 * built artifact, the Dockerfile copies files that exist, and every environment variable the apps read is set in the
 * compose file or documented.
 */
const ROOT = resolve(__dirname, '..', '..');
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');
const composeText = read('docker/compose.yml');
const dockerfile = read('docker/Dockerfile');

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  profiles?: string[];
  deploy?: { replicas?: number };
  volumes?: string[];
}
// YAML 1.1 schema: merge keys (`<<: *app`), as Docker Compose reads them.
const compose = load(composeText, { schema: YAML11_SCHEMA }) as { services: Record<string, Service> };
const services = compose.services;
const ours = Object.entries(services).filter(([, s]) => s.image === 'sentinel-sn:local');

/** `${NAME:-default}` → default; `${NAME:?…}` → null (required); a literal → itself. */
function defaultOf(value: string): string | null {
  const m = /^\$\{[A-Z0-9_]+(:-|:\?)([^}]*)\}$/.exec(value);
  if (!m) return value;
  return m[1] === ':?' ? null : m[2];
}

const SECRETS = ['POSTGRES_PASSWORD', 'APP_DB_PASSWORD', 'REDIS_PASSWORD', 'ADMIN_PASSWORD', 'SECRETS_KEY', 'AUDIT_SIGNING_KEY', 'METRICS_TOKEN'];

describe('docker/compose.yml', () => {
  it('should require every secret from the environment and ship none', () => {
    for (const name of SECRETS) {
      const uses = [...composeText.matchAll(new RegExp(`\\$\\{${name}(\\W)`, 'g'))];
      expect({ name, uses: uses.length }).toEqual({ name, uses: expect.any(Number) });
      expect(uses.length).toBeGreaterThan(0);
      for (const u of uses) expect({ name, form: u[1] }).toEqual({ name, form: ':' }); // ${NAME:?…} or ${NAME:-…}
      expect(composeText).not.toMatch(new RegExp(`\\$\\{${name}:-`));
    }
    // no variable that looks like a secret has a default, and no secret-looking setting is a literal
    expect(composeText).not.toMatch(/\$\{[A-Z0-9_]*(PASSWORD|SECRET|TOKEN|_KEY):-/);
    for (const [name, s] of Object.entries(services)) {
      for (const [key, value] of Object.entries(s.environment ?? {})) {
        if (/PASSWORD$|SECRET|TOKEN$|_KEY$|REDISCLI_AUTH/.test(key)) expect({ service: name, key, value: String(value).startsWith('${') }).toEqual({ service: name, key, value: true });
        if (/_URL$/.test(key)) expect({ service: name, key, literalPassword: /:\/\/[^:/@]+:[^$@][^@]*@/.test(String(value)) }).toEqual({ service: name, key, literalPassword: false });
      }
    }
  });

  it('should run two replicas of the API and the worker behind one published port', () => {
    expect(services.api.deploy?.replicas).toBe(2);
    expect(services.worker.deploy?.replicas).toBe(2);
    const published = Object.entries(services).filter(([, s]) => s.ports?.length);
    expect(published.map(([name]) => name)).toEqual(['proxy']);
    expect(services.proxy.ports).toEqual(['${PORT:-3000}:8080']);
    expect(read('docker/nginx.conf')).toMatch(/server api:3000 resolve/);
    expect(services.proxy.volumes).toEqual(['./nginx.conf:/etc/nginx/nginx.conf:ro']);
  });

  it('should keep the bank sandbox and the demo seed in the demo profile, never published', () => {
    for (const name of ['bank-sandbox', 'demo-seed']) {
      expect(services[name].profiles).toEqual(['demo']);
      expect(services[name].ports).toBeUndefined();
      // the sandbox listens on the compose network, so its control API takes a token (it refuses to start without)
      expect(services[name].environment?.BANK_SANDBOX_CONTROL_TOKEN).toBe('${BANK_SANDBOX_CONTROL_TOKEN}');
    }
    const always = Object.entries(services).filter(([, s]) => !s.profiles);
    expect(always.map(([n]) => n).sort()).toEqual(['api', 'migrate', 'postgres', 'proxy', 'redis', 'worker']);
  });

  it('should start in production form as written: a valid TRUST_PROXY, forced password change, private OpenAPI', () => {
    const env = services.api.environment!;
    const trust = defaultOf(env.TRUST_PROXY);
    expect(trust).not.toBeNull();
    expect(trust).not.toBe('');
    expect(() => express().set('trust proxy', trustProxySetting(trust!))).not.toThrow();
    expect(trustProxySetting(trust!)).toBe(1);
    expect(defaultOf(env.FORCE_PASSWORD_CHANGE)).toBe('true');
    expect(defaultOf(env.OPENAPI_PUBLIC)).toBe('false');
    expect(defaultOf(env.CORS_ORIGIN)).toMatch(/^https?:\/\/[^,*]+$/);
    expect(env.NODE_ENV).toBe('production');
  });

  it('should run built JavaScript for every service of our image (no require hook)', () => {
    const builtMains = new Set(Object.entries(TARGETS).map(([name, entry]) => `dist/${name}/${entry.replace(/\.ts$/, '.js')}`));
    expect(ours.map(([n]) => n).sort()).toEqual(['api', 'bank-sandbox', 'demo-seed', 'migrate', 'worker']);
    for (const [name, s] of ours) {
      expect({ name, command: s.command }).toEqual({ name, command: ['node', expect.any(String)] });
      expect({ name, built: builtMains.has(s.command![1]) }).toEqual({ name, built: true });
    }
    expect(composeText).not.toMatch(/register\.js|\.ts"/);
    const cmd = /^CMD \["node", "([^"]+)"\]$/m.exec(dockerfile);
    expect(cmd && builtMains.has(cmd[1])).toBe(true);
    for (const main of builtMains) expect(dockerfile).toContain(`test -f ${main}`);
  });

  it('should build images on Node.js 24 LTS', () => {
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:24-bookworm-slim$/m);
  });
});

describe('docker/Dockerfile', () => {
  it('should copy only files that exist in the build context (and build dist/ fresh)', () => {
    const sources = [...dockerfile.matchAll(/^COPY (?!--from)(?:--\S+ )*(.+) \S+$/gm)].flatMap((m) => m[1].split(/\s+/));
    expect(sources.length).toBeGreaterThan(0);
    for (const src of sources) expect({ src, exists: existsSync(join(ROOT, src)) }).toEqual({ src, exists: true });
    const stages = new Set([...dockerfile.matchAll(/^FROM \S+ AS (\S+)$/gm)].map((m) => m[1]));
    for (const m of dockerfile.matchAll(/--from=(\S+)/g)) expect(stages.has(m[1])).toBe(true);
    const ignored = read('docker/Dockerfile.dockerignore').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['dist', '**/node_modules', 'apps/console/dist']));
  });
});

describe('environment variables', () => {
  /** Every file under `dir` that the apps run (tests and test helpers excluded). */
  function sources(dir: string): string[] {
    const out: string[] = [];
    for (const name of readdirSync(join(ROOT, dir))) {
      const p = join(dir, name);
      if (statSync(join(ROOT, p)).isDirectory()) out.push(...sources(p));
      else if (p.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$|test-helpers\.ts$/.test(p)) out.push(p);
    }
    return out;
  }
  const READ = [/\benv\.([A-Z][A-Z0-9_]+)/g, /\benv\[['"]([A-Z][A-Z0-9_]+)['"]\]/g, /\(\s*env\s*,\s*['"]([A-Z][A-Z0-9_]+)['"]/g];
  const files = ['apps/api/src', 'apps/worker/src', 'apps/bank-sandbox/src', 'libs/contracts/src', 'libs/domain/src', 'libs/persistence/src', 'tools/migrate', 'tools/seed'].flatMap(sources);
  const read_ = new Map<string, string>();
  for (const f of files) for (const re of READ) for (const m of read(f).matchAll(re)) if (!read_.has(m[1])) read_.set(m[1], relative(ROOT, join(ROOT, f)));
  const docs = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`), 'apps/worker/README.md', 'apps/bank-sandbox/README.md']
    .filter((p) => existsSync(join(ROOT, p)))
    .map(read)
    .join('\n');

  it('should find the variables the apps read', () => {
    expect([...read_.keys()]).toEqual(expect.arrayContaining(['DATABASE_URL', 'REDIS_URL', 'PORT', 'WORKER_METRICS_PORT', 'BANK_SANDBOX_PORT', 'MIGRATION_DATABASE_URL']));
  });

  it('should set each in docker/compose.yml or document it', () => {
    const missing = [...read_.entries()].filter(([name]) => !new RegExp(`\\b${name}\\b`).test(composeText) && !new RegExp(`\`${name}\``).test(docs));
    expect(missing.map(([name, file]) => `${name} (read in ${file})`)).toEqual([]);
  });
});
