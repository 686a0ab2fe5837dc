import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Req } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { ROLES, type LoginResponse, type MeView, type SessionView } from '@sentinel/contracts';
import { validationFailed } from '../common/problem.exception';
import { ApiProblem } from '../openapi/decorators';
import { AuthService } from './auth.service';
import { AccountService } from './account.service';
import { AllowWhilePending, CurrentActor, Public, Roles } from './auth.decorators';
import { ChangePasswordDto, LoginDto, LoginResponseDto, MeDto, SessionDto, UpdateMeDto } from './auth.dto';
import type { Actor } from './actor';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly account: AccountService,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sign in',
    description:
      'Each attempt is reserved before the password is checked, per account and client address and per address: after the free attempts each next one waits a doubling delay (429 with `Retry-After`), never a hard lock. With a second factor enrolled, send `otp` too.',
  })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiProblem(401, '`AUTH.UNAUTHENTICATED`: wrong email, password or code (or an inactive user); `AUTH.MFA_REQUIRED`: the password is right, send `otp` too.')
  @ApiProblem(429, '`RATE_LIMITED`: wait `Retry-After` seconds before the next attempt.')
  login(@Body() dto: LoginDto, @Req() req: Request): Promise<LoginResponse> {
    return this.auth.login(dto.email, dto.password, dto.otp, req.ip ?? 'unknown', req.headers['user-agent']);
  }

  @Roles(...ROLES)
  @AllowWhilePending()
  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'Sign out', description: 'Revokes the session token at once (an API key stays valid).' })
  @ApiNoContentResponse({ description: 'Signed out.' })
  async logout(@CurrentActor() actor: Actor): Promise<void> {
    await this.auth.logout(actor);
  }

  @Roles(...ROLES)
  @AllowWhilePending()
  @Post('password')
  @HttpCode(204)
  @ApiOperation({ summary: 'Change your own password', description: 'Needs the current password; the caller\'s other sessions end; clears the must-change flag.' })
  @ApiNoContentResponse({ description: 'Changed.' })
  @ApiProblem(422, '`VALIDATION.FAILED`: `currentPassword` is wrong, or `newPassword` breaks the policy (`TOO_SHORT`, `TOO_LONG`, `INVALID`).')
  @ApiProblem(429, '`RATE_LIMITED`: too many wrong current passwords; wait `Retry-After` seconds.')
  async changePassword(@CurrentActor() actor: Actor, @Body() dto: ChangePasswordDto): Promise<void> {
    await this.account.changePassword(actor, dto.currentPassword, dto.newPassword);
  }

  @Roles(...ROLES)
  @AllowWhilePending()
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

  @Roles(...ROLES)
  @Get('sessions')
  @ApiOperation({ summary: 'List your live sessions', description: '`current` marks the session of the token that asked.' })
  @ApiOkResponse({ type: SessionDto, isArray: true })
  sessions(@CurrentActor() actor: Actor): Promise<SessionView[]> {
    return this.account.listSessions(actor.id, actor.sessionId);
  }

  @Roles(...ROLES)
  @Delete('sessions/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'End a session', description: 'Your own, or (admins) anyone\'s; audited.' })
  @ApiNoContentResponse({ description: 'Ended.' })
  @ApiProblem(404, '`NOT_FOUND`: no such live session of yours.')
  async revokeSession(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<void> {
    await this.account.revokeSession(actor, id);
  }
}
