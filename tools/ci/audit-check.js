#!/usr/bin/env node
/**
 * Supply chain check of CI (`.ci/run`): `npm audit --omit=dev` — the dependencies the production image ships — must show
 * no high or critical advisory that `.ci/audit-allowlist.json` does not accept. Each accepted advisory names its id
 * (GHSA-…), the package, why it is accepted and until when (an expired entry no longer counts, so each is looked at
 * again). Entries that match nothing any more are reported, to be removed.
 *
 * When the registry's audit endpoint cannot be asked (offline, a mirror without the audit API) the check says so and
 * passes, unless AUDIT_REQUIRED=true (then it fails): CI must not break on a network outage, a release build may
 * insist.
 *
 *   node tools/ci/audit-check.js [--json <file>]   (--json: check a saved `npm audit --json` answer instead of asking)
 */
'use strict';
const { spawnSync } = require('node:child_process');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..', '..');
const ALLOWLIST = join(ROOT, '.ci', 'audit-allowlist.json');
const BLOCKING = new Set(['high', 'critical']);

/** The advisory id of a `via` entry: GHSA-… from its URL, else npm's numeric source. */
function advisoryId(via) {
  const m = typeof via.url === 'string' ? /GHSA-[\w-]+/i.exec(via.url) : null;
  return m ? m[0].toUpperCase() : String(via.source ?? via.title ?? 'unknown');
}

/** Validates the allow-list file's shape; returns its entries or throws with what is wrong. */
function parseAllowlist(json) {
  if (!json || !Array.isArray(json.advisories)) throw new Error('the allow-list needs an "advisories" array');
  return json.advisories.map((e, i) => {
    const where = `advisories[${i}]`;
    if (!e || typeof e.id !== 'string' || !/^GHSA-[\w-]+$|^\d+$/i.test(e.id)) throw new Error(`${where}.id must be a GHSA id or an npm advisory number`);
    if (typeof e.package !== 'string' || !e.package) throw new Error(`${where}.package is required`);
    if (typeof e.reason !== 'string' || e.reason.trim().length < 20) throw new Error(`${where}.reason must say why the advisory is accepted (20 characters at least)`);
    if (typeof e.until !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(e.until) || Number.isNaN(Date.parse(e.until))) throw new Error(`${where}.until must be a date (YYYY-MM-DD)`);
    return { id: e.id.toUpperCase(), package: e.package, reason: e.reason, until: e.until };
  });
}

/**
 * Pure: the verdict on one `npm audit --json` answer (npm 7+ report, version 2).
 * Returns { status: 'ok' | 'fail' | 'unavailable', blocking, accepted, expired, stale, message }.
 */
function evaluate(report, allowlist, now = new Date()) {
  if (!report || typeof report !== 'object' || typeof report.vulnerabilities !== 'object' || report.vulnerabilities === null) {
    const why = report && typeof report === 'object' ? report.message || (report.error && report.error.summary) || 'no vulnerabilities section' : 'no answer';
    return { status: 'unavailable', blocking: [], accepted: [], expired: [], stale: [], message: `npm audit gave no report: ${why}` };
  }
  const today = now.toISOString().slice(0, 10);
  const found = new Map();
  for (const [pkg, v] of Object.entries(report.vulnerabilities)) {
    for (const via of Array.isArray(v.via) ? v.via : []) {
      if (!via || typeof via !== 'object' || !BLOCKING.has(via.severity)) continue;
      const id = advisoryId(via);
      const key = `${id} ${via.name ?? pkg}`;
      if (!found.has(key)) found.set(key, { id, package: via.name ?? pkg, severity: via.severity, title: via.title ?? '', url: via.url ?? '' });
    }
  }
  const blocking = [];
  const accepted = [];
  const expired = [];
  for (const adv of found.values()) {
    const entry = allowlist.find((e) => e.id === adv.id && e.package === adv.package);
    if (!entry) blocking.push(adv);
    else if (entry.until < today) expired.push({ ...adv, until: entry.until });
    else accepted.push({ ...adv, reason: entry.reason, until: entry.until });
  }
  const stale = allowlist.filter((e) => ![...found.values()].some((a) => a.id === e.id && a.package === e.package));
  const failing = [...blocking, ...expired];
  return {
    status: failing.length ? 'fail' : 'ok',
    blocking,
    accepted,
    expired,
    stale,
    message: failing.length
      ? `${failing.length} high or critical advisor${failing.length === 1 ? 'y' : 'ies'} not accepted: ${failing.map((a) => `${a.id} (${a.package}, ${a.severity}${a.until ? `, accepted until ${a.until}` : ''})`).join('; ')}`
      : `no high or critical advisory outside the allow-list (${accepted.length} accepted)`,
  };
}

function runAudit() {
  const r = spawnSync('npm', ['audit', '--omit=dev', '--json'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
  try {
    return JSON.parse(r.stdout);
  } catch {
    return { message: (r.error && r.error.message) || (r.stderr || '').trim().split('\n').pop() || `exit ${r.status}` };
  }
}

function main(argv) {
  const i = argv.indexOf('--json');
  const report = i >= 0 ? JSON.parse(readFileSync(argv[i + 1], 'utf8')) : runAudit();
  const allowlist = parseAllowlist(JSON.parse(readFileSync(ALLOWLIST, 'utf8')));
  const v = evaluate(report, allowlist);
  for (const a of v.accepted) console.log(`audit: accepted ${a.id} (${a.package}, ${a.severity}) until ${a.until}: ${a.reason}`);
  for (const e of v.stale) console.log(`audit: allow-list entry ${e.id} (${e.package}) matches nothing any more: remove it`);
  if (v.status === 'unavailable') {
    if (process.env.AUDIT_REQUIRED === 'true') {
      console.error(`audit: FAILED: ${v.message} (AUDIT_REQUIRED=true)`);
      return 1;
    }
    console.warn(`audit: skipped: ${v.message} (set AUDIT_REQUIRED=true to fail instead)`);
    return 0;
  }
  if (v.status === 'fail') {
    console.error(`audit: FAILED: ${v.message}`);
    for (const a of [...v.blocking, ...v.expired]) console.error(`  ${a.id} ${a.package} ${a.severity}: ${a.title} ${a.url}`);
    console.error(`Upgrade, or accept in .ci/audit-allowlist.json with the reason and a date to look again.`);
    return 1;
  }
  console.log(`audit: ${v.message}`);
  return 0;
}

module.exports = { evaluate, parseAllowlist, advisoryId };
if (require.main === module) process.exit(main(process.argv.slice(2)));
