import type { LoggerService } from '@nestjs/common';
import { StartupQuietLogger } from './startup-quiet.logger';

/** A LoggerService that records which method got which arguments. */
function recorder(): LoggerService & { calls: Array<[string, unknown[]]> } {
  const calls: Array<[string, unknown[]]> = [];
  const rec = (name: string) => (...args: unknown[]) => void calls.push([name, args]);
  return { calls, log: rec('log'), error: rec('error'), warn: rec('warn'), debug: rec('debug'), verbose: rec('verbose'), fatal: rec('fatal') };
}

describe(StartupQuietLogger.name, () => {
  it.each([
    ['Mapped {/api/teams, GET} route', 'RouterExplorer', 'debug'],
    ['TeamsModule dependencies initialized', 'InstanceLoader', 'debug'],
    ['Starting Nest application...', 'NestFactory', 'debug'],
    ['Nest application successfully started', 'NestApplication', 'debug'],
    ['TeamsController {/api/teams}:', 'RoutesResolver', 'debug'],
    ['bootstrap admin created', 'AuthService', 'log'],
  ])('should send "%s" (%s) to %s', (message, context, method) => {
    const inner = recorder();
    new StartupQuietLogger(inner).log(message, context);
    expect(inner.calls).toEqual([[method, [message, context]]]);
  });

  it('should pass warnings and errors of start-up contexts through unchanged', () => {
    const inner = recorder();
    const logger = new StartupQuietLogger(inner);
    logger.warn('legacy route', 'RouterExplorer');
    logger.error('boom', 'stack', 'NestApplication');
    logger.log('no context');
    expect(inner.calls).toEqual([
      ['warn', ['legacy route', 'RouterExplorer']],
      ['error', ['boom', 'stack', 'NestApplication']],
      ['log', ['no context']],
    ]);
  });
});
