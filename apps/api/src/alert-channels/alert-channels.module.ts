import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { AlertChannelsController } from './alert-channels.controller';
import { ALERT_SECRET_BOX, AlertChannelsService } from './alert-channels.service';

@Module({
  controllers: [AlertChannelsController],
  providers: [AlertChannelsService, { provide: ALERT_SECRET_BOX, inject: [APP_CONFIG], useFactory: (cfg: AppConfig) => cfg.secretBox }],
})
export class AlertChannelsModule {}
