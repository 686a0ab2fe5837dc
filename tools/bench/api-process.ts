import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { freePort } from '@sentinel/testing';
import { join } from 'node:path';


const ROOT = join(__dirname, '..', '..');
/** The built API (`npm run build`): what production runs. */
const BUILT_API = join(ROOT, 'dist', 'api', 'apps', 'api', 'src', 'main.js');

/** Builds the API to JavaScript once per bench run (tools/build/build.js, SWC: a few seconds). */
let built = false;
export function ensureBuiltApi(): string {
  if (!built) {
    execFileSync(process.execPath, [join(ROOT, 'tools', 'build', 'build.js'), 'api'], { cwd: ROOT, stdio: 'ignore' });
    built = true;
  }
  return BUILT_API;
}

/** Resident memory of a process now and at its peak (Linux /proc: VmRSS, VmHWM), in MB. */
export function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

/**
 * Starts the API as a child process, as production runs it (the built JavaScript; BENCH_API_FROM_SOURCE=true runs
 * `apps/api/src/main.ts` through the TypeScript hook instead), and waits for /api/health.
 */
export async function startApiProcess(env: Record<string, string>): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const root = ROOT;
  const port = await freePort();
  const extra = process.env.BENCH_API_NODE_OPTIONS ? process.env.BENCH_API_NODE_OPTIONS.split(' ') : [];
  const fromSource = process.env.BENCH_API_FROM_SOURCE === 'true' || !existsSync(join(ROOT, 'tools', 'build', 'build.js'));
  const entry = fromSource ? ['-r', './tools/register.js', 'apps/api/src/main.ts'] : [ensureBuiltApi()];
  const child = spawn(process.execPath, [...extra, ...entry], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`API exited with ${child.exitCode}`);
    try {
      const r = await fetch(`${url}/api/health`);
      if (r.status === 200) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error('API did not come up within 60 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}

/** CPU time a process has used so far (user + system, Linux /proc), in seconds. */
export function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state): utime and stime are fields 14 and 15
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
