import { Global, Module } from '@nestjs/common';
import { WakeupPublisher } from './wakeup.publisher';

@Global()
@Module({ providers: [WakeupPublisher], exports: [WakeupPublisher] })
export class JobsModule {}
