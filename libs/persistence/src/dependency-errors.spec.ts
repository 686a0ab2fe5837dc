import { unavailableDependency } from './dependency-errors';

describe('unavailableDependency', () => {
  const err = (message: string, props: Record<string, unknown> = {}) => Object.assign(new Error(message), props);

  it('should name the database for refused or cut connections, pool timeouts and shutdowns', () => {
    expect(unavailableDependency(err('connect ECONNREFUSED 127.0.0.1:5432', { code: 'ECONNREFUSED' }))).toBe('database');
    expect(unavailableDependency(err('Connection terminated unexpectedly'))).toBe('database');
    expect(unavailableDependency(err('timeout exceeded when trying to connect'))).toBe('database');
    expect(unavailableDependency(err('terminating connection due to administrator command', { code: '57P01' }))).toBe('database');
    expect(unavailableDependency(err('sorry, too many clients already', { code: '53300' }))).toBe('database');
    // TypeORM wraps the driver's error; Node's dual-stack connect throws an AggregateError.
    expect(unavailableDependency(err('Query failed', { driverError: err('x', { code: '08006' }) }))).toBe('database');
    expect(unavailableDependency(new AggregateError([err('connect ECONNREFUSED ::1:5432', { code: 'ECONNREFUSED' })], 'x'))).toBe('database');
  });

  it('should name Redis for ioredis connection errors', () => {
    expect(unavailableDependency(err('Connection is closed.'))).toBe('redis');
    expect(unavailableDependency(err('Reached the max retries per request limit (which is 1).', { name: 'MaxRetriesPerRequestError' }))).toBe('redis');
  });

  it('should not treat other errors as an unavailable dependency', () => {
    expect(unavailableDependency(err('duplicate key value violates unique constraint', { code: '23505' }))).toBeNull();
    expect(unavailableDependency(err('Cannot read properties of undefined'))).toBeNull();
    expect(unavailableDependency('a string')).toBeNull();
    expect(unavailableDependency(null)).toBeNull();
  });
});
