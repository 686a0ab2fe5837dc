export {
  ADDRESS_NOT_ALLOWED,
  checkOutboundUrl,
  isAddressAllowed,
  outboundPolicy,
  outboundPolicyFromEnv,
  type OutboundPolicy,
  type RuleVerdict,
} from './address-rule';
export { bankSecretAad, openBankSecret, sealBankSecret } from './bank-secrets';
export { AddressNotAllowedError, guardedLookup, systemResolver, type Resolver } from './guarded-lookup';
export { outboundClient, type OutboundClient, type OutboundRequest, type OutboundResult } from './post-outbound';
export { checkOutboundUrlAtSave } from './save-check';
export { SecretBox, secretBoxFromEnv } from './secret-box';
