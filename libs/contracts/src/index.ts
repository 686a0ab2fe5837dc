export * from './enums';
export * from './problem';
export * from './common';
export * from './reports';
export * from './cases';
export * from './queues';
export * from './sn';
