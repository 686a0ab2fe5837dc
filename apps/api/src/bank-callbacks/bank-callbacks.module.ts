import { Module } from '@nestjs/common';
import { BankCallbacksController } from './bank-callbacks.controller';
import { BankCallbacksService } from './bank-callbacks.service';

@Module({ controllers: [BankCallbacksController], providers: [BankCallbacksService] })
export class BankCallbacksModule {}
