/** Public surface of the bank sandbox (for the launcher and integration tests). */
export { startBankSandbox, type BankSandbox } from './bank-sandbox';
export {
  sandboxOptionsFromEnv,
  SandboxInputError,
  type BankConfig,
  type BankFaults,
  type FaultsPatch,
  type SandboxOptions,
} from './config';
export {
  SandboxState,
  type BankState,
  type BankStats,
  type BankView,
  type CallbackRecord,
  type CallbackStatus,
  type DeliveryOutcome,
  type DeliveryRecord,
} from './sandbox-state';
export { signedHeaders, verifyDelivery } from './signing';
