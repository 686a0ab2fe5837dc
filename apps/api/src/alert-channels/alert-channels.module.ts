import { Logger, Module } from '@nestjs/common';
import { secretBoxFromEnv } from '@sentinel/outbound';
import { AlertChannelsController } from './alert-channels.controller';
import { ALERT_SECRET_BOX, AlertChannelsService } from './alert-channels.service';

const logger = new Logger('alert-channels');

@Module({
  controllers: [AlertChannelsController],
  providers: [AlertChannelsService, { provide: ALERT_SECRET_BOX, useFactory: () => secretBoxFromEnv(process.env, (m) => logger.warn(m)) }],
})
export class AlertChannelsModule {}
