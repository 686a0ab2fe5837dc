import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiResponse, ApiSchema, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import type Redis from 'ioredis';
import { DEPENDENCY_STATES, type DependencyState, type HealthView } from '@sentinel/contracts';
import { OperationsRepository } from '@sentinel/persistence';
import { REDIS } from '../database/database.module';
import { Public } from '../auth/auth.decorators';

async function probe(fn: () => Promise<unknown>, ms = 1500): Promise<'up' | 'down'> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([fn(), new Promise((_, rej) => (timer = setTimeout(() => rej(new Error('timeout')), ms)))]);
    return 'up';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}

@ApiSchema({ name: 'Health' })
class HealthDto implements HealthView {
  @ApiProperty({ enum: ['ok', 'degraded'] }) status: 'ok' | 'degraded';
  @ApiProperty({ enum: DEPENDENCY_STATES }) db: DependencyState;
  @ApiProperty({ enum: DEPENDENCY_STATES }) redis: DependencyState;
}

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly ds: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly figures: OperationsRepository,
  ) {}

  /** Public, status only: `{status, db, redis}`; 503 when a dependency is down. */
  @Public()
  @Get()
  @ApiOperation({ summary: 'Check the API and its dependencies', description: 'Public and status only; each dependency is probed with a 1.5 s timeout.' })
  @ApiOkResponse({ type: HealthDto, description: 'Everything is up.' })
  @ApiResponse({ status: 503, type: HealthDto, description: 'A dependency is down: `{ status: "degraded", db, redis }` (the body is the health report, not a problem).' })
  async health(@Res({ passthrough: true }) res: Response): Promise<HealthView> {
    const [db, redis] = await Promise.all([probe(() => this.figures.ping(this.ds)), probe(() => this.redis.ping())]);
    const status = db === 'up' && redis === 'up' ? 'ok' : 'degraded';
    if (status !== 'ok') res.status(503);
    res.setHeader('Cache-Control', 'no-store');
    return { status, db, redis };
  }
}
