import { Body, Controller, Get, HttpCode, Post, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { ROLES } from '@sentinel/contracts';
import { validationFailed } from '../common/problem.exception';
import { AuthService } from './auth.service';
import { CurrentActor, Public, Roles } from './auth.decorators';
import { LoginDto, UpdateMeDto } from './auth.dto';
import type { Actor } from './actor';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  login(@Body() dto: LoginDto, @Req() req: Request) {
    return this.auth.login(dto.email, dto.password, req.ip ?? 'unknown', req.headers['user-agent']);
  }

  @ApiBearerAuth()
  @Roles(...ROLES)
  @Post('logout')
  @HttpCode(204)
  async logout(@CurrentActor() actor: Actor): Promise<void> {
    await this.auth.logout(actor);
  }

  @ApiBearerAuth()
  @Roles(...ROLES)
  @Get('me')
  me(@CurrentActor() actor: Actor) {
    return this.auth.me(actor);
  }

  @ApiBearerAuth()
  @Roles(...ROLES)
  @Put('me')
  updateMe(@CurrentActor() actor: Actor, @Body() dto: UpdateMeDto) {
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
