import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { Public } from '../auth/auth.decorators';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ProblemException } from '../common/problem.exception';
import { ApiProblem } from '../openapi/decorators';
import { MetricsService } from './metrics.service';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** True when the Authorization header carries exactly `Bearer <token>` (constant-time comparison). */
export function hasScrapeToken(header: unknown, token: string): boolean {
  const m = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return !!m && timingSafeEqual(digest(m[1]), digest(token));
}

/**
 * `GET /metrics` on the API port (outside /api). docs/api.md: "/metrics listens on its own port (METRICS_PORT) or needs a
 * scrape token": with METRICS_PORT set it is served there only (404 here); otherwise it needs
 * `Authorization: Bearer <METRICS_TOKEN>`, and without a configured token it does not exist (404).
 */
@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly cfg: AppConfig,
  ) {}

  @Public()
  @Get()
  @ApiSecurity('metricsToken')
  @ApiOperation({
    summary: 'Scrape Prometheus metrics',
    description: 'On the API port only when METRICS_PORT is not set and METRICS_TOKEN is; otherwise 404 here (with METRICS_PORT, scrape that port).',
  })
  @ApiOkResponse({ description: 'Prometheus text exposition format.', content: { 'text/plain': { schema: { type: 'string', example: 'sentinel_sla_breaches_total{stage="freeze"} 3' } } } })
  @ApiProblem(401, '`AUTH.UNAUTHENTICATED`: no or a wrong `Authorization: Bearer <METRICS_TOKEN>`.')
  @ApiProblem(404, '`NOT_FOUND`: metrics are served on METRICS_PORT, or no token is configured.')
  async scrape(@Req() req: Request, @Res() res: Response): Promise<void> {
    if (this.cfg.metricsPort !== undefined || !this.cfg.metricsToken) throw new ProblemException('NOT_FOUND', 'Not found');
    if (!hasScrapeToken(req.headers.authorization, this.cfg.metricsToken)) {
      throw new ProblemException('AUTH.UNAUTHENTICATED', 'Send Authorization: Bearer <METRICS_TOKEN>');
    }
    const body = await this.metrics.metrics();
    res.setHeader('Content-Type', this.metrics.contentType);
    res.setHeader('Cache-Control', 'no-store');
    res.status(200).send(body);
  }
}
