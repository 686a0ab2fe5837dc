export { canonicalJson, requestHash, sha256Hex } from './canonical-json';
export {
  buildEvent,
  ChainVerifier,
  CHAIN_FAILURE,
  GENESIS_HASH,
  hashEvent,
  toIsoMillis,
  truncateToMillis,
  verifyChain,
  type ChainEvent,
  type ChainFailure,
  type ChainHead,
  type ChainVerification,
} from './audit-chain';
export {
  checkCheckpoint,
  checkpointHash,
  CHECKPOINT_FAILURE,
  keyIdOf,
  leafJson,
  MerkleRoot,
  merkleRootOf,
  signatureHolds,
  signCheckpointHash,
  type Checkpoint,
  type CheckpointBody,
  type CheckpointLeaf,
} from './checkpoint';
export { EXPORT_FAILURE, verifyExport, type ExportInput, type ExportVerification } from './export-verifier';
export {
  reconcileCase,
  replayCase,
  REPLAYED_CASE_FIELDS,
  type CaseRowFacts,
  type ClockFacts,
  type ReconcileFinding,
  type RecordFacts,
  type ReplayedCase,
} from './reconcile';
