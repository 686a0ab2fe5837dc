import { formatLogLine } from './log-format';

// NO_COLOR is not needed: color() paints only on a TTY, and Jest's stdout is not one here.
const at = '2026-03-02T01:02:03.000Z';
const clock = (() => {
  const d = new Date(at);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
})();

describe('formatLogLine', () => {
  it.each([
    [
      'an API request (pino-http)',
      { level: 30, time: at, app: 'api', pid: 1, correlationId: 'c1', req: { method: 'GET', url: '/api/cases', id: 'c1' }, res: { statusCode: 200 }, responseTime: 12, msg: 'request completed' },
      `${clock} GET /api/cases → 200 12 ms`,
    ],
    [
      'a failed request with its error',
      { level: 50, time: at, req: { method: 'POST', url: '/api/reports' }, res: { statusCode: 500 }, responseTime: 3, err: { message: 'boom' }, msg: 'request errored' },
      `${clock} ERROR POST /api/reports → 500 3 ms boom`,
    ],
    [
      'a bank sandbox request',
      { level: 'info', time: at, service: 'bank-sandbox', msg: 'request', method: 'POST', path: '/webhooks/ICBC_SH', status: 200, durationMs: 4 },
      `${clock} POST /webhooks/ICBC_SH → 200 4 ms service=bank-sandbox`,
    ],
    [
      'a message with context and fields',
      { level: 30, time: at, app: 'api', pid: 1, context: 'MetricsServer', msg: 'metrics on http://0.0.0.0:9464/metrics' },
      `${clock} [MetricsServer] metrics on http://0.0.0.0:9464/metrics`,
    ],
    ['a warning with fields', { level: 40, time: at, msg: 'slow', caseId: 'x', ms: 1200 }, `${clock} WARN slow caseId=x ms=1200`],
    ['a line without time', { level: 30, msg: 'Sentinel SN API listening', port: 3000 }, 'Sentinel SN API listening port=3000'],
  ])('should format %s on one line', (_what, obj, expected) => {
    expect(formatLogLine(JSON.stringify(obj))).toBe(expected);
  });

  it('should print an error with its stack below', () => {
    const line = JSON.stringify({ level: 50, time: at, msg: 'job failed', err: { type: 'Error', message: 'bad', stack: 'Error: bad\n    at x (a.ts:1:1)' } });
    expect(formatLogLine(line)).toBe(`${clock} ERROR job failed\n    Error: bad\n        at x (a.ts:1:1)`);
  });

  it.each(['plain text from a tool', '{not json', '[1,2,3]', ''])('should pass %p through unchanged', (line) => {
    expect(formatLogLine(line)).toBe(line);
  });
});
