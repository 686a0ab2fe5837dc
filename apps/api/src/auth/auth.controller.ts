import { Body, Controller, Get, HttpCode, Post, Put, Req } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { ROLES, type LoginResponse, type MeView } from '@sentinel/contracts';
import { validationFailed } from '../common/problem.exception';
import { ApiProblem } from '../openapi/decorators';
import { AuthService } from './auth.service';
import { CurrentActor, Public, Roles } from './auth.decorators';
import { LoginDto, LoginResponseDto, MeDto, UpdateMeDto } from './auth.dto';
import type { Actor } from './actor';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in', description: 'Failed sign-ins are limited per account and per client address.' })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiProblem(401, '`AUTH.UNAUTHENTICATED`: wrong email or password (or an inactive user).')
  @ApiProblem(429, '`RATE_LIMITED`: too many failed sign-ins; retry after `Retry-After` seconds.')
  login(@Body() dto: LoginDto, @Req() req: Request): Promise<LoginResponse> {
    return this.auth.login(dto.email, dto.password, req.ip ?? 'unknown', req.headers['user-agent']);
  }

  @Roles(...ROLES)
  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'Sign out', description: 'Revokes the session token at once (an API key stays valid).' })
  @ApiNoContentResponse({ description: 'Signed out.' })
  async logout(@CurrentActor() actor: Actor): Promise<void> {
    await this.auth.logout(actor);
  }

  @Roles(...ROLES)
  @Get('me')
  @ApiOperation({ summary: 'Show the signed-in user and their permissions' })
  @ApiOkResponse({ type: MeDto })
  me(@CurrentActor() actor: Actor): Promise<MeView> {
    return this.auth.me(actor);
  }

  @Roles(...ROLES)
  @Put('me')
  @ApiOperation({ summary: 'Change your own name, language or time zone' })
  @ApiOkResponse({ type: MeDto })
  updateMe(@CurrentActor() actor: Actor, @Body() dto: UpdateMeDto): Promise<MeView> {
    if (dto.timeZone) {
      try {
        new Intl.DateTimeFormat('en', { timeZone: dto.timeZone });
      } catch {
        throw validationFailed({ timeZone: { code: 'NOT_ALLOWED', message: 'must be an IANA time zone such as Asia/Shanghai' } });
      }
    }
    return this.auth.updateMe(actor, dto);
  }
}
