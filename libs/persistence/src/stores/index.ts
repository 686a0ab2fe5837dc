export * from './sla-clocks.store';
export * from './outbox.store';
export * from './alerts.store';
export * from './audit.store';
export * from './notification-delivery.store';
export * from './sla-timers.store';
export * from './sql-result';
