import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { MfaEnrolmentView, MfaRecoveryCodesView, SessionView } from '@sentinel/contracts';
import { ApiProblem } from '../openapi/decorators';
import { assertUuid } from '../common/list-query';
import { ALL_HUMANS, AllowWhilePending, CurrentActor, Roles } from './auth.decorators';
import { MfaConfirmDto, MfaDisableDto, MfaEnrolmentDto, MfaRecoveryCodesDto, MfaResetDto, SessionDto } from './auth.dto';
import { MfaService } from './mfa.service';
import { AuthService } from './auth.service';
import { AccountService } from './account.service';
import type { Actor } from './actor';

/** The caller's own TOTP second factor (people only; machine clients use API keys). */
@ApiTags('auth')
@Controller('auth/mfa')
export class MfaController {
  constructor(
    private readonly mfa: MfaService,
    private readonly auth: AuthService,
  ) {}

  @Roles(...ALL_HUMANS)
  @AllowWhilePending()
  @Post('enrol')
  @ApiOperation({ summary: 'Start enrolling a TOTP second factor', description: 'A new secret, pending until confirmed; replaces a pending one.' })
  @ApiCreatedResponse({ type: MfaEnrolmentDto })
  @ApiProblem(409, '`CONFLICT`: a second factor is already enrolled.')
  enrol(@CurrentActor() actor: Actor): Promise<MfaEnrolmentView> {
    return this.mfa.enrol(actor);
  }

  @Roles(...ALL_HUMANS)
  @AllowWhilePending()
  @Post('confirm')
  @ApiOperation({ summary: 'Confirm the second factor with a code', description: 'Turns it on; answers 10 one-time recovery codes, shown this once.' })
  @ApiCreatedResponse({ type: MfaRecoveryCodesDto })
  @ApiProblem(409, '`CONFLICT`: nothing pending, or already enrolled.')
  @ApiProblem(422, '`VALIDATION.FAILED`: `code` is not the current code.')
  confirm(@CurrentActor() actor: Actor, @Body() dto: MfaConfirmDto): Promise<MfaRecoveryCodesView> {
    return this.mfa.confirm(actor, dto.code);
  }

  @Roles(...ALL_HUMANS)
  @AllowWhilePending()
  @Post('disable')
  @HttpCode(204)
  @ApiOperation({ summary: 'Turn your second factor off', description: 'Needs your password and a current or recovery code. Not allowed for admins and supervisors while `MFA_REQUIRED=true`.' })
  @ApiNoContentResponse({ description: 'Turned off.' })
  @ApiProblem(422, '`VALIDATION.FAILED`: wrong `password` or `otp`, or the second factor is required for your role.')
  async disable(@CurrentActor() actor: Actor, @Body() dto: MfaDisableDto): Promise<void> {
    this.auth.assertMayDisableMfa(actor);
    await this.auth.assertPassword(actor, dto.password, 'password');
    await this.mfa.disable(actor, dto.otp);
  }
}

/** Admins: anyone's sessions and second factor. */
@ApiTags('users')
@Controller('users')
export class AccountAdminController {
  constructor(
    private readonly mfa: MfaService,
    private readonly account: AccountService,
  ) {}

  @Roles('admin')
  @Get(':id/sessions')
  @ApiOperation({ summary: 'List a user\'s live sessions (admin)', description: 'End one with `DELETE /api/auth/sessions/:id`.' })
  @ApiOkResponse({ type: SessionDto, isArray: true })
  @ApiProblem(404, '`NOT_FOUND`: no such user.')
  sessions(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<SessionView[]> {
    return this.account.listSessionsOf(actor, id);
  }

  @Roles('admin')
  @Post(':id/mfa/reset')
  @HttpCode(204)
  @ApiOperation({ summary: 'Reset a user\'s second factor (admin)', description: 'Removes the factor and its recovery codes and ends the user\'s sessions; audited with the reason.' })
  @ApiNoContentResponse({ description: 'Reset.' })
  @ApiProblem(404, '`NOT_FOUND`: no such user.')
  async reset(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: MfaResetDto): Promise<void> {
    assertUuid(id, 'User');
    await this.mfa.reset(actor, id, dto.reason);
  }
}
