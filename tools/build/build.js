#!/usr/bin/env node
'use strict';
/**
 * Builds the server apps to plain JavaScript (`npm run build`, `nx run api:build`, the Docker image):
 *
 *   node tools/build/build.js [target …] [--out dir]      targets: api worker bank-sandbox migrate seed (default: all)
 *
 * Each target starts at its entry file and follows its imports, so the output holds exactly the files that app loads
 * (an import of a missing file fails the build, not the start-up). Every TypeScript file is compiled by @swc/core with
 * the repository's .swcrc (the options Jest uses: legacy decorators with decorator metadata, ES2022, CommonJS, class
 * names kept for Nest), then `@sentinel/*` path aliases (tsconfig.base.json) are rewritten to relative paths. The
 * tree mirrors the repository under `<out>/<target>/`, with a source map beside each file:
 *
 *   dist/api/apps/api/src/main.js            node dist/api/apps/api/src/main.js
 *   dist/worker/apps/worker/src/main.js      node dist/worker/apps/worker/src/main.js
 *   dist/bank-sandbox/apps/bank-sandbox/src/main.js
 *   dist/migrate/tools/migrate/run.js        node dist/migrate/tools/migrate/run.js [--revert]
 *   dist/seed/tools/seed/demo-seed.js
 *
 * Packages come from node_modules at run time (the output sits inside the repository or /app, so Node finds them).
 * Run with `node --enable-source-maps` for TypeScript line numbers in stack traces.
 */
const fs = require('node:fs');
const path = require('node:path');
const swc = require('@swc/core');

const ROOT = path.resolve(__dirname, '..', '..');

const TARGETS = {
  api: 'apps/api/src/main.ts',
  worker: 'apps/worker/src/main.ts',
  'bank-sandbox': 'apps/bank-sandbox/src/main.ts',
  migrate: 'tools/migrate/run.ts',
  seed: 'tools/seed/demo-seed.ts',
};

function swcOptions(root) {
  const rc = JSON.parse(fs.readFileSync(path.join(root, '.swcrc'), 'utf8'));
  delete rc.$schema;
  // Maps without the sources: stack traces need only positions, and the image keeps no TypeScript.
  return { ...rc, swcrc: false, configFile: false, sourceMaps: true, inlineSourcesContent: false };
}

/** `@sentinel/x` → absolute path of its index (tsconfig.base.json `paths`, one target each). */
function aliases(root) {
  const ts = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8'));
  const base = path.resolve(root, ts.compilerOptions.baseUrl || '.');
  const out = new Map();
  for (const [name, [target]] of Object.entries(ts.compilerOptions.paths || {})) out.set(name, path.resolve(base, target));
  return out;
}

/** The source file a `require()` of `spec` from `fromFile` loads, or null for a package. */
function resolveSource(spec, fromFile, aliasMap) {
  let base;
  if (aliasMap.has(spec)) return aliasMap.get(spec);
  if (spec.startsWith('./') || spec.startsWith('../')) base = path.resolve(path.dirname(fromFile), spec);
  else return null;
  for (const candidate of [base, `${base}.ts`, `${base}.js`, `${base}.json`, path.join(base, 'index.ts'), path.join(base, 'index.js')]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  throw new Error(`${path.relative(ROOT, fromFile)}: cannot resolve "${spec}"`);
}

/** Output path of a source file: same place under outRoot, `.ts` → `.js`. */
function outPath(src, root, outRoot) {
  const rel = path.relative(root, src);
  if (rel.startsWith('..')) throw new Error(`${src} is outside the repository`);
  return path.join(outRoot, rel.replace(/\.ts$/, '.js'));
}

function relativeRequire(fromOut, toOut) {
  let rel = path.relative(path.dirname(fromOut), toOut).replace(/\\/g, '/').replace(/\.js$/, '');
  if (!rel.startsWith('.')) rel = `./${rel}`;
  return rel;
}

const REQUIRE_RE = /\brequire\("([^"]+)"\)/g;

/**
 * Builds one target into `<out>/<name>`; returns { name, entry, main, files, ms }.
 * `root` is the repository (default: this one).
 */
async function buildTarget(name, { out = path.join(ROOT, 'dist'), root = ROOT } = {}) {
  const entry = TARGETS[name];
  if (!entry) throw new Error(`unknown build target "${name}" (known: ${Object.keys(TARGETS).join(', ')})`);
  const started = Date.now();
  const outRoot = path.resolve(out, name);
  fs.rmSync(outRoot, { recursive: true, force: true });
  const options = swcOptions(root);
  const aliasMap = aliases(root);
  const seen = new Set();
  let queue = [path.join(root, entry)];
  while (queue.length) {
    const batch = queue.filter((f) => !seen.has(f));
    batch.forEach((f) => seen.add(f));
    const found = await Promise.all(batch.map((src) => emit(src, { root, outRoot, options, aliasMap })));
    queue = [...new Set(found.flat())].filter((f) => !seen.has(f));
  }
  return { name, entry, main: outPath(path.join(root, entry), root, outRoot), files: seen.size, ms: Date.now() - started };
}

/** Compiles (or copies) one file; returns the source files it requires. */
async function emit(src, { root, outRoot, options, aliasMap }) {
  const dest = outPath(src, root, outRoot);
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  if (!src.endsWith('.ts')) {
    fs.copyFileSync(src, dest);
    if (!src.endsWith('.js')) return [];
  }
  const input = src.endsWith('.ts') ? null : fs.readFileSync(src, 'utf8');
  const deps = [];
  let code;
  let map;
  if (input === null) {
    const result = await swc.transformFile(src, { ...options, filename: src, sourceFileName: path.relative(path.dirname(dest), src) });
    code = result.code;
    map = result.map;
  } else {
    code = input;
  }
  code = code.replace(REQUIRE_RE, (whole, spec) => {
    const dep = resolveSource(spec, src, aliasMap);
    if (!dep) return whole;
    deps.push(dep);
    return aliasMap.has(spec) ? `require("${relativeRequire(dest, outPath(dep, root, outRoot))}")` : whole;
  });
  if (input === null) {
    fs.writeFileSync(dest, `${code}\n//# sourceMappingURL=${path.basename(dest)}.map\n`);
    fs.writeFileSync(`${dest}.map`, map);
  } else {
    fs.writeFileSync(dest, code);
  }
  return deps;
}

async function main(argv) {
  const names = [];
  let out = path.join(ROOT, 'dist');
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') out = path.resolve(argv[++i] || '');
    else if (argv[i].startsWith('--')) throw new Error(`unknown option ${argv[i]} (usage: build.js [target …] [--out dir])`);
    else names.push(argv[i]);
  }
  const started = Date.now();
  for (const name of names.length ? names : Object.keys(TARGETS)) {
    const r = await buildTarget(name, { out });
    process.stdout.write(`build: ${name.padEnd(12)} ${String(r.files).padStart(4)} files → ${path.relative(process.cwd(), r.main)} (${r.ms} ms)\n`);
  }
  process.stdout.write(`build: done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((e) => {
    process.stderr.write(`build: FAILED: ${e && e.message ? e.message : String(e)}\n`);
    process.exit(1);
  });
}

module.exports = { buildTarget, TARGETS };
