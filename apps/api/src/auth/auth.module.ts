import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { AuthGuard } from './auth.guard';
import { RateLimitService } from './rate-limit.service';

@Global()
@Module({
  controllers: [AuthController],
  providers: [AuthService, RateLimitService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthService, RateLimitService],
})
export class AuthModule {}
