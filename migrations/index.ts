import { InitialSchema1764000000000 } from './1764000000000-initial-schema';
import { DefaultTeam1765000000000 } from './1765000000000-default-team';
import { CaseLastReturn1765300000000 } from './1765300000000-case-last-return';
import { SignInSecurity1766100000000 } from './1766100000000-sign-in-security';
import { ApiKeyAutoFreeze1766200000000 } from './1766200000000-api-key-auto-freeze';
import { BankSecretsSealed1766300000000 } from './1766300000000-bank-secrets-sealed';
import { ApiKeyExpiry1766300000001 } from './1766300000001-api-key-expiry';
import { AuditChainHeads1766400000000 } from './1766400000000-audit-chain-heads';
import { AuditCheckpoints1766400000001 } from './1766400000001-audit-checkpoints';
import { Holds1766500000000 } from './1766500000000-holds';
import { RegulatoryClocks1766510000000 } from './1766510000000-regulatory-clocks';
import { Aftercare1766520000000 } from './1766520000000-aftercare';
import { AlertChannels1766700000000 } from './1766700000000-alert-channels';
import { HistoricalImport1766810000000 } from './1766810000000-historical-import';
import { ChainHeadsOnePass1766810000001 } from './1766810000001-chain-heads-one-pass';
import { ClaimOrderIndexes1766870000000 } from './1766870000000-claim-order-indexes';

/** Every migration, in order. Add new migration classes here (the DataSource uses this list, not a glob). */
export const ALL_MIGRATIONS = [
  InitialSchema1764000000000,
  DefaultTeam1765000000000,
  CaseLastReturn1765300000000,
  SignInSecurity1766100000000,
  ApiKeyAutoFreeze1766200000000,
  BankSecretsSealed1766300000000,
  ApiKeyExpiry1766300000001,
  AuditChainHeads1766400000000,
  AuditCheckpoints1766400000001,
  Holds1766500000000,
  RegulatoryClocks1766510000000,
  Aftercare1766520000000,
  AlertChannels1766700000000,
  HistoricalImport1766810000000,
  ChainHeadsOnePass1766810000001,
  ClaimOrderIndexes1766870000000,
];
