import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ROLES, SESSION_MODE_HEADER, type CookieLoginResponse, type LoginResponse, type MeView, type SessionView } from '@sentinel/contracts';
import { validationFailed } from '../common/problem.exception';
import { ApiProblem } from '../openapi/decorators';
import { AuthService } from './auth.service';
import { AccountService } from './account.service';
import { AllowWhilePending, CurrentActor, Public, Roles } from './auth.decorators';
import { ChangePasswordDto, LoginDto, LoginResponseDto, MeDto, SessionDto, UpdateMeDto } from './auth.dto';
import type { Actor } from './actor';
import { SessionCookies } from './session-cookies';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly account: AccountService,
    private readonly cookies: SessionCookies,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sign in',
    description:
      'Each attempt is reserved before the password is checked, per account and client address and per address: after the free attempts each next one waits a doubling delay (429 with `Retry-After`), never a hard lock. With a second factor enrolled, send `otp` too.',
  })
  @ApiHeader({
    name: SESSION_MODE_HEADER,
    required: false,
    enum: ['cookie'],
    description: '`cookie` (the browser console): the answer leaves `token` out, which then lives only in the HttpOnly `sn_session` cookie. Without it the answer is as documented.',
  })
  @ApiOkResponse({
    type: LoginResponseDto,
    description: 'Signed in. Also sets the cookies of a browser session (docs/api.md "Auth"); machine clients ignore them and send the token as `Authorization: Bearer`.',
    headers: { 'Set-Cookie': { description: '`sn_session=<token>; Path=/api; HttpOnly; SameSite=Strict` and `sn_csrf=<value>; Path=/; SameSite=Strict` (readable by the page) (both `Secure` over https or in production; `Max-Age` = SESSION_MAX_HOURS)', schema: { type: 'string' } } },
  })
  @ApiProblem(401, '`AUTH.UNAUTHENTICATED`: wrong email, password or code (or an inactive user); `AUTH.MFA_REQUIRED`: the password is right, send `otp` too.')
  @ApiProblem(429, '`RATE_LIMITED`: wait `Retry-After` seconds before the next attempt.')
  async login(@Body() dto: LoginDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<LoginResponse | CookieLoginResponse> {
    const answer = await this.auth.login(dto.email, dto.password, dto.otp, req.ip ?? 'unknown', req.headers['user-agent']);
    const { token, ...withoutToken } = answer;
    this.cookies.issue(req, res, token);
    return this.cookies.cookieOnly(req) ? withoutToken : answer;
  }

  @Roles(...ROLES)
  @AllowWhilePending()
  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'Sign out', description: 'Revokes the session token at once (an API key stays valid) and clears the browser session\'s cookies.' })
  @ApiNoContentResponse({
    description: 'Signed out.',
    headers: { 'Set-Cookie': { description: '`sn_session=; Max-Age=0` and `sn_csrf=; Max-Age=0` (the paths and attributes they were set with)', schema: { type: 'string' } } },
  })
  async logout(@CurrentActor() actor: Actor, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.auth.logout(actor);
    this.cookies.clear(req, res);
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
