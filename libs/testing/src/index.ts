export { createTestDatabase, testDatabaseName, type TestDatabase } from './test-database';
export { cleanupStaleTestDatabases } from './stale-databases';
export { testDatabaseAdminUrl, DEFAULT_TEST_DATABASE_ADMIN_URL } from './admin';
export { testRedisPrefix, flushRedisPrefix } from './test-redis';
export { recordStatements, type RecordedStatement, type StatementRecording } from './statement-counter';
export { TcpProxy, type ProxyMode } from './tcp-proxy';
export { OwnRedis } from './own-redis';
export { freePort } from './free-port';
