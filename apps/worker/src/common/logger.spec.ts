import { Writable } from 'node:stream';
import pino from 'pino';
import { NestPinoLogger } from './logger';

function capture(level: string) {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { lines, logger: new NestPinoLogger(pino({ level }, stream)) };
}

describe(NestPinoLogger.name, () => {
  it('should keep Nest start-up lines out of the info log and show them at debug', () => {
    const info = capture('info');
    info.logger.log('WorkerModule dependencies initialized', 'InstanceLoader');
    info.logger.log('Starting Nest application...', 'NestFactory');
    info.logger.log('worker started', 'Worker');
    info.logger.warn('something odd', 'InstanceLoader');
    expect(info.lines.map((l) => [l.level, l.msg])).toEqual([
      [30, 'worker started'],
      [40, 'something odd'],
    ]);

    const debug = capture('debug');
    debug.logger.log('WorkerModule dependencies initialized', 'InstanceLoader');
    expect(debug.lines).toEqual([expect.objectContaining({ level: 20, context: 'InstanceLoader', msg: 'WorkerModule dependencies initialized' })]);
  });
});
