import { DEFAULT_DELIVERY_SCHEDULE, formatSchedule, nextAttemptDelayMs, parseDeliverySchedule } from './delivery-schedule';
import { loadWorkerConfig } from './worker-config';

describe('parseDeliverySchedule', () => {
  it('should parse the default schedule of docs/api.md into ms offsets', () => {
    expect(parseDeliverySchedule(DEFAULT_DELIVERY_SCHEDULE)).toEqual([0, 10_000, 30_000, 60_000, 120_000, 300_000, 600_000, 1_200_000]);
  });

  it.each([
    ['0,200ms,400ms', [0, 200, 400]],
    ['0, 1.5s, 2m, 1h', [0, 1500, 120_000, 3_600_000]],
    ['0', [0]],
    ['0,10S,1M', [0, 10_000, 60_000]],
  ])('should parse %s', (raw, expected) => {
    expect(parseDeliverySchedule(raw)).toEqual(expected);
  });

  it.each([
    ['', /comma-separated/],
    ['0,,10s', /comma-separated/],
    ['10s,20s', /first attempt must be at 0/],
    ['0,10', /unit/],
    ['0,10d', /unit/],
    ['0,30s,10s', /must increase/],
    ['0,10s,10s', /must increase/],
  ])('should refuse %p', (raw, message) => {
    expect(() => parseDeliverySchedule(raw)).toThrow(message);
  });

  it('should format back', () => {
    expect(formatSchedule([0, 200, 10_000, 120_000])).toBe('0,200ms,10s,2m');
  });
});

describe('nextAttemptDelayMs', () => {
  const schedule = [0, 10_000, 30_000, 60_000];

  it('should wait the gap to the next offset, without jitter at random 0.5', () => {
    expect(nextAttemptDelayMs(schedule, 1, 0.1, 0.5)).toBe(10_000);
    expect(nextAttemptDelayMs(schedule, 2, 0.1, 0.5)).toBe(20_000);
    expect(nextAttemptDelayMs(schedule, 3, 0.1, 0.5)).toBe(30_000);
  });

  it('should stay within ±jitter', () => {
    expect(nextAttemptDelayMs(schedule, 2, 0.1, 0)).toBe(18_000);
    expect(nextAttemptDelayMs(schedule, 2, 0.1, 0.999999)).toBe(22_000);
    for (let i = 0; i < 100; i++) {
      const d = nextAttemptDelayMs(schedule, 1)!;
      expect(d).toBeGreaterThanOrEqual(9000);
      expect(d).toBeLessThanOrEqual(11_000);
    }
  });

  it('should return null after the last attempt', () => {
    expect(nextAttemptDelayMs(schedule, 4)).toBeNull();
    expect(nextAttemptDelayMs([0], 1)).toBeNull();
  });
});

describe('loadWorkerConfig', () => {
  const env = { DATABASE_URL: 'postgres://x@localhost/db' };

  it('should apply the defaults', () => {
    const cfg = loadWorkerConfig(env);
    expect(cfg).toMatchObject({
      redisUrl: 'redis://127.0.0.1:6379',
      redisPrefix: 'sn',
      deliveryTimeoutMs: 10_000,
      sweepIntervalMs: 5000,
      concurrency: 10,
      freezeNoticeGraceMs: 86_400_000,
      logLevel: 'info',
      sweepEnabled: true,
    });
    expect(cfg.deliveryScheduleMs).toHaveLength(8);
    expect(cfg.metricsPort).toBeUndefined();
  });

  it('should read the environment and ignore the API’s METRICS_PORT', () => {
    const cfg = loadWorkerConfig({ ...env, DELIVERY_SCHEDULE: '0,200ms', WORKER_CONCURRENCY: '3', WORKER_METRICS_PORT: '9465', METRICS_PORT: '9464' });
    expect(cfg.deliveryScheduleMs).toEqual([0, 200]);
    expect(cfg.concurrency).toBe(3);
    expect(cfg.metricsPort).toBe(9465);
  });

  it.each([
    [{}, /DATABASE_URL is required/],
    [{ ...env, DELIVERY_SCHEDULE: '5s' }, /DELIVERY_SCHEDULE/],
    [{ ...env, WORKER_CONCURRENCY: '0' }, /WORKER_CONCURRENCY/],
    [{ ...env, DELIVERY_TIMEOUT_MS: 'ten' }, /DELIVERY_TIMEOUT_MS/],
    [{ ...env, LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    [{ ...env, WORKER_METRICS_PORT: '70000' }, /WORKER_METRICS_PORT/],
    [{ ...env, DELIVERY_JITTER: '1.5' }, /DELIVERY_JITTER/],
  ])('should fail fast on %p', (bad, message) => {
    expect(() => loadWorkerConfig(bad as NodeJS.ProcessEnv)).toThrow(message);
  });
});
