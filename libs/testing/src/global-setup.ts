import { testDatabaseAdminUrl } from './admin';
import { cleanupStaleTestDatabases } from './stale-databases';

/**
 * Jest globalSetup (root jest.config.js): drops test databases left behind by dead processes.
 * Best effort: when PostgreSQL is down it only warns, so pure unit runs still work; integration
 * suites then fail with a clear message from createTestDatabase().
 */
export default async function globalSetup(): Promise<void> {
  try {
    const dropped = await cleanupStaleTestDatabases();
    if (dropped.length) process.stdout.write(`\n[testing] dropped ${dropped.length} stale test database(s)\n`);
  } catch (e) {
    process.stdout.write(`\n[testing] warning: could not clean stale test databases at ${testDatabaseAdminUrl()}: ${(e as Error).message}\n`);
  }
}
