import { NAME_RE, withAdmin } from './admin';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Drops test databases (`sn_…_<pid>_<random>`) whose creating process is no longer alive — left over
 * by crashed or interrupted runs. Databases of live processes are kept. Returns the dropped names.
 */
export async function cleanupStaleTestDatabases(): Promise<string[]> {
  return withAdmin(async (c) => {
    const { rows } = await c.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'sn\\_%' AND NOT datistemplate`,
    );
    const dropped: string[] = [];
    for (const { datname } of rows) {
      const m = NAME_RE.exec(datname);
      if (!m || isAlive(Number(m[1]))) continue;
      await c.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      dropped.push(datname);
    }
    return dropped;
  });
}
