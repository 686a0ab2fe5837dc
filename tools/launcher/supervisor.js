'use strict';
// Keeps the launcher's long-running children up: a child that exits is started again after a backoff, the others
// keep running; stop() ends them all and restarts nothing more.
const { EventEmitter } = require('node:events');
const { Child } = require('./children');

/** 1 s, 2 s, 4 s … capped at 30 s; back to 1 s once a run stayed up 60 s. */
const DEFAULT_BACKOFF = Object.freeze({ initialMs: 1000, maxMs: 30_000, resetAfterMs: 60_000 });

/**
 * Wait before restart number `failures` (1 = the first restart after a run that did not stay up): `initialMs` doubled
 * for each consecutive failure, at most `maxMs`. Pure.
 */
function restartDelayMs(failures, policy = DEFAULT_BACKOFF) {
  if (!Number.isInteger(failures) || failures < 1) throw new Error(`failures must be an integer ≥ 1, got ${failures}`);
  return Math.min(policy.initialMs * 2 ** Math.min(failures - 1, 30), policy.maxMs);
}

/**
 * Consecutive failures after a run that lasted `uptimeMs`: a run that stayed up `resetAfterMs` starts the count
 * again at 1. Pure.
 */
function nextFailures(previousFailures, uptimeMs, policy = DEFAULT_BACKOFF) {
  return uptimeMs >= policy.resetAfterMs ? 1 : previousFailures + 1;
}

function formatDelay(ms) {
  if (ms < 1000) return `${ms} ms`;
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

function describeExit(code, signal) {
  return signal ? `was killed by ${signal}` : `exited (code ${code})`;
}

/**
 * Events: 'start' (name, child, restarts), 'exit' (name, { code, signal, uptimeMs, failures, restartInMs }).
 * Options: backoff (see DEFAULT_BACKOFF), stopGraceMs (SIGTERM → SIGKILL), log(line) for the restart lines,
 * spawn(spec) → Child (tests may pass their own; default: a Child with prefixed output).
 */
class Supervisor extends EventEmitter {
  constructor(opts = {}) {
    super();
    this.backoff = { ...DEFAULT_BACKOFF, ...(opts.backoff || {}) };
    this.stopGraceMs = opts.stopGraceMs ?? 10_000;
    this.log = opts.log || ((line) => process.stdout.write(`${line}\n`));
    this.spawn = opts.spawn || ((spec) => new Child(spec.name, spec.cmd, spec.args, spec));
    this.services = new Map();
    this.stopping = false;
  }

  /** Starts `spec` ({ name, cmd, args, cwd, env, … Child options }) and keeps it running until stop(). */
  add(spec) {
    if (this.stopping) throw new Error('the supervisor is stopping');
    if (this.services.has(spec.name)) throw new Error(`${spec.name} is already supervised`);
    const service = { spec, child: null, startedAt: 0, failures: 0, restarts: 0, timer: null };
    this.services.set(spec.name, service);
    this.launch(service);
    return service.child;
  }

  /** The running child of `name` (a new object after each restart), or null while it waits to restart. */
  get(name) {
    const s = this.services.get(name);
    return s && s.child && !s.child.exited ? s.child : null;
  }

  children() {
    return [...this.services.values()].map((s) => s.child).filter(Boolean);
  }

  launch(service) {
    service.timer = null;
    const child = this.spawn(service.spec);
    service.child = child;
    service.startedAt = Date.now();
    this.emit('start', service.spec.name, child, service.restarts);
    child.done.then(({ code, signal }) => this.onExit(service, child, code, signal));
  }

  onExit(service, child, code, signal) {
    if (this.stopping || child.stopping || service.child !== child) return;
    const uptimeMs = Date.now() - service.startedAt;
    service.failures = nextFailures(service.failures, uptimeMs, this.backoff);
    const restartInMs = restartDelayMs(service.failures, this.backoff);
    const name = service.spec.name;
    this.emit('exit', name, { code, signal, uptimeMs, failures: service.failures, restartInMs });
    if (this.stopping) return; // an 'exit' listener stopped everything (the launcher giving up during start-up)
    this.log(`${name} ${describeExit(code, signal)}, restarting in ${formatDelay(restartInMs)}`);
    service.timer = setTimeout(() => {
      if (this.stopping) return;
      service.restarts += 1;
      this.launch(service);
    }, restartInMs);
  }

  /** No more restarts; every child gets SIGTERM, then SIGKILL after stopGraceMs. Resolves when all have exited. */
  async stop() {
    this.stopping = true;
    for (const s of this.services.values()) {
      if (s.timer) clearTimeout(s.timer);
      s.timer = null;
    }
    await Promise.all(this.children().map((c) => c.stop(this.stopGraceMs)));
  }
}

module.exports = { Supervisor, restartDelayMs, nextFailures, formatDelay, DEFAULT_BACKOFF };
