import { Supervisor, type SupervisedChild } from './supervisor';

/**
 * The launcher's supervision with real child processes (tiny `node -e` scripts): restart with backoff, the others
 * untouched, and a stop that ends everything and restarts nothing.
 */
interface Started {
  name: string;
  pid: number;
}

function harness(backoff: { initialMs: number; maxMs: number; resetAfterMs: number }, stopGraceMs = 5000) {
  const lines: string[] = [];
  const starts: Started[] = [];
  const output: string[] = [];
  const supervisor = new Supervisor({ backoff, stopGraceMs, log: (line: string) => lines.push(line) });
  supervisor.on('start', (name: string, child: SupervisedChild) => starts.push({ name, pid: child.proc.pid! }));
  const add = (name: string, script: string) =>
    supervisor.add({ name, cmd: process.execPath, args: ['-e', script], cwd: __dirname, env: process.env, quiet: true, onLine: (l: string) => output.push(`${name}: ${l}`) });
  return { supervisor, lines, starts, output, add };
}

async function waitUntil(what: string, pred: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const CRASH = `console.log('up'); process.exit(1)`;
const STAY = `console.log('ready'); setInterval(() => {}, 1000)`;
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe(Supervisor.name, () => {
  let current: Supervisor | null = null;
  afterEach(async () => {
    await current?.stop();
    current = null;
  });

  it('should restart a child that keeps crashing with doubling delays up to the cap, and stop restarting on stop()', async () => {
    const h = harness({ initialMs: 100, maxMs: 400, resetAfterMs: 60_000 });
    current = h.supervisor;
    h.add('worker', CRASH);
    await waitUntil('five runs', () => h.starts.length >= 5);
    expect(h.lines.slice(0, 4)).toEqual([
      'worker exited (code 1), restarting in 100 ms',
      'worker exited (code 1), restarting in 200 ms',
      'worker exited (code 1), restarting in 400 ms',
      'worker exited (code 1), restarting in 400 ms',
    ]);
    expect(new Set(h.starts.map((s) => s.pid)).size).toBe(h.starts.length); // a new process each time
    await h.supervisor.stop();
    const runs = h.starts.length;
    const said = h.lines.length;
    await sleep(1000);
    expect(h.starts.length).toBe(runs);
    expect(h.lines.length).toBe(said);
  });

  it('should keep the other children running while one restarts, and stop them all cleanly', async () => {
    const h = harness({ initialMs: 50, maxMs: 50, resetAfterMs: 60_000 });
    current = h.supervisor;
    const api = h.add('api', STAY);
    h.add('worker', CRASH);
    await waitUntil('api ready', () => h.output.includes('api: ready'));
    await waitUntil('three worker runs', () => h.starts.filter((s) => s.name === 'worker').length >= 3);
    expect(h.supervisor.get('api')).toBe(api);
    expect(alive(api.proc.pid!)).toBe(true);
    expect(h.starts.filter((s) => s.name === 'api')).toHaveLength(1);

    await h.supervisor.stop();
    expect(api.exited).toBe(true);
    expect(api.exitSignal).toBe('SIGTERM');
    expect(h.lines.filter((l) => l.startsWith('api'))).toEqual([]);
    expect(h.supervisor.get('api')).toBeNull();
  });

  it('should go back to the first delay after a run that stayed up long enough', async () => {
    const h = harness({ initialMs: 100, maxMs: 1000, resetAfterMs: 150 });
    current = h.supervisor;
    h.add('sandbox', `setTimeout(() => process.exit(3), 400)`);
    await waitUntil('three exits', () => h.lines.length >= 3);
    expect(h.lines.slice(0, 3)).toEqual([
      'sandbox exited (code 3), restarting in 100 ms',
      'sandbox exited (code 3), restarting in 100 ms',
      'sandbox exited (code 3), restarting in 100 ms',
    ]);
  });

  it('should not restart after stop() while a restart is pending', async () => {
    const h = harness({ initialMs: 60_000, maxMs: 60_000, resetAfterMs: 60_000 });
    current = h.supervisor;
    h.add('worker', CRASH);
    await waitUntil('the exit', () => h.lines.length === 1);
    expect(h.lines).toEqual(['worker exited (code 1), restarting in 60 s']);
    const started = Date.now();
    await h.supervisor.stop();
    expect(Date.now() - started).toBeLessThan(5000);
    await sleep(300);
    expect(h.starts).toHaveLength(1);
  });

  it('should kill a child that ignores SIGTERM after the grace period, without restarting it', async () => {
    const h = harness({ initialMs: 50, maxMs: 50, resetAfterMs: 60_000 }, 300);
    current = h.supervisor;
    const stubborn = h.add('api', `process.on('SIGTERM', () => console.log('ignored')); console.log('ready'); setInterval(() => {}, 1000)`);
    await waitUntil('ready', () => h.output.includes('api: ready'));
    await h.supervisor.stop();
    expect(h.output).toContain('api: ignored');
    expect(stubborn.exitSignal).toBe('SIGKILL');
    expect(h.lines).toEqual([]);
    expect(h.starts).toHaveLength(1);
  });

  it('should refuse a second service of the same name and new services while stopping', async () => {
    const h = harness({ initialMs: 50, maxMs: 50, resetAfterMs: 60_000 });
    current = h.supervisor;
    h.add('api', STAY);
    expect(() => h.add('api', STAY)).toThrow(/already supervised/);
    await h.supervisor.stop();
    expect(() => h.add('worker', STAY)).toThrow(/stopping/);
  });
});
