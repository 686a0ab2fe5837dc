import { Module } from '@nestjs/common';
import { UsersController } from './users.controller';
import { ApiKeyAuthRepository, SessionsRepository, UsersRepository } from '@sentinel/persistence';
import { UsersService } from './users.service';

@Module({
  controllers: [UsersController],
  providers: [UsersService, UsersRepository, SessionsRepository, ApiKeyAuthRepository],
})
export class UsersModule {}
