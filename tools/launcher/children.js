'use strict';
// Child processes of the launcher with prefixed, line-buffered output and orderly stop.
const { spawn } = require('node:child_process');
const readline = require('node:readline');
const { color, Tail } = require('./util');

const PALETTE = [color.magenta, color.blue, color.yellow, color.green, color.cyan];
const colors = new Map(); // one colour per name, kept across restarts
const colorFor = (name) => {
  if (!colors.has(name)) colors.set(name, PALETTE[colors.size % PALETTE.length]);
  return colors.get(name);
};

class Child {
  /**
   * @param {string} name prefix, e.g. "api"
   * @param {string} cmd
   * @param {string[]} args
   * @param {{ cwd: string, env: NodeJS.ProcessEnv, quiet?: boolean, onLine?: (line: string) => void, format?: (line: string) => string }} opts
   */
  constructor(name, cmd, args, opts) {
    this.name = name;
    this.tail = new Tail(40);
    this.exited = false;
    this.stopping = false;
    this.exitCode = null;
    this.exitSignal = null;
    const paint = colorFor(name);
    const prefix = paint(`${name.padEnd(7)}|`);
    // detached: own process group, so Ctrl-C reaches only the launcher (it stops children in order)
    // and a group kill also reaches grandchildren (npx → vite).
    this.proc = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const onLine = (line) => {
      this.tail.push(line);
      if (opts.onLine) opts.onLine(line);
      if (opts.quiet) return;
      const text = opts.format ? opts.format(line) : line;
      process.stdout.write(`${text.split('\n').map((l) => `${prefix} ${l}`).join('\n')}\n`);
    };
    readline.createInterface({ input: this.proc.stdout }).on('line', onLine);
    readline.createInterface({ input: this.proc.stderr }).on('line', onLine);
    this.done = new Promise((resolve) => {
      this.proc.on('error', (e) => {
        this.tail.push(`failed to start: ${e.message}`);
        this.exited = true;
        this.exitCode = -1;
        resolve({ code: -1, signal: null });
      });
      this.proc.on('exit', (code, signal) => {
        this.exited = true;
        this.exitCode = code;
        this.exitSignal = signal;
        resolve({ code, signal });
      });
    });
  }

  signal(sig) {
    if (this.exited || !this.proc.pid) return;
    try {
      process.kill(-this.proc.pid, sig); // the whole group
    } catch {
      try {
        this.proc.kill(sig);
      } catch {
        /* already gone */
      }
    }
  }

  /** SIGTERM, then SIGKILL after `graceMs`. */
  async stop(graceMs = 10_000) {
    this.stopping = true;
    if (this.exited) return;
    this.signal('SIGTERM');
    const timer = setTimeout(() => {
      process.stdout.write(`  ${color.yellow('!')} ${this.name} did not stop within ${graceMs / 1000} s: SIGKILL\n`);
      this.signal('SIGKILL');
    }, graceMs);
    await this.done;
    clearTimeout(timer);
  }

  describeExit() {
    return this.exitSignal ? `was killed by ${this.exitSignal}` : `exited with code ${this.exitCode}`;
  }
}

module.exports = { Child };
