import type { Type } from '@nestjs/common';
import { AlertsModule } from './alerts/alerts.module';
import { AlertChannelsModule } from './alert-channels/alert-channels.module';
import { BankCallbacksModule } from './bank-callbacks/bank-callbacks.module';
import { MetricsModule } from './metrics/metrics.module';
import { NotificationsModule } from './notifications/notifications.module';
import { SlaModule } from './sla/sla.module';
import { StatsModule } from './stats/stats.module';

/** Bank callbacks, notifications, SLA settings and reports, alerts and their channels, stats, metrics and the queue board. */
export const OPS_MODULES: Type<unknown>[] = [BankCallbacksModule, NotificationsModule, SlaModule, AlertsModule, AlertChannelsModule, StatsModule, MetricsModule];
