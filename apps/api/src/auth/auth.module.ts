import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeyAuthRepository, MfaRepository, SessionsRepository, UserAccountsRepository } from '@sentinel/persistence';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { AuthGuard } from './auth.guard';
import { RateLimitService } from './rate-limit.service';
import { MfaService } from './mfa.service';
import { AccountService } from './account.service';
import { SessionCookies } from './session-cookies';
import { AccountAdminController, MfaController } from './mfa.controller';

@Global()
@Module({
  controllers: [AuthController, MfaController, AccountAdminController],
  providers: [
    AuthService,
    RateLimitService,
    MfaService,
    AccountService,
    SessionCookies,
    UserAccountsRepository,
    SessionsRepository,
    MfaRepository,
    ApiKeyAuthRepository,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthService, RateLimitService, SessionCookies],
})
export class AuthModule {}
