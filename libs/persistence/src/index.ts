export {
  createDataSource,
  runMigrations,
  revertLastMigration,
  type CreateDataSourceOptions,
  type MigrationRunResult,
} from './data-source';
export { affected, date, inSavepoint, int8, maybeOne, one, params, resultRows, rows, runTogether, SavepointLost, type Db, type Statement } from './sql';
export { CaseWriter, type AppliedChange, type Wakeups } from './case-writer';
export * from './repositories';
export { unavailableDependency, type UnavailableDependency } from './dependency-errors';
export { CheckpointsRepository, type CheckpointWritten, type LeafAgainstData, type StoredCheckpoint } from './audit/checkpoints.repository';
export { loadAuditSigningKey, parsePublicKeyPem, type AuditSigningKey, type SigningKeyOptions } from './audit/signing-key';
export { ReconcileRepository, type ReconcileSummary } from './audit/reconcile.repository';
export { caseEventsJsonlCopy, openExportSnapshot, systemEventsJsonlCopy, type ExportSnapshot } from './audit/export-copy';
