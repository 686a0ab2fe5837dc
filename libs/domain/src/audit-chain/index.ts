export { canonicalJson, requestHash, sha256Hex } from './canonical-json';
export {
  buildEvent,
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
