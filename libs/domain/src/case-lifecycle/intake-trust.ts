import type { ReportChannel } from '@sentinel/contracts';
import { DomainError, validationFailed } from '../errors';

/**
 * Who may trigger the automatic freeze (docs/api.md "Auth"): trust comes from the credential, never from the body.
 * These are the pure rules; the API states the credential, the plan of `open_case` asks `decideAutoFreeze`.
 */

/** The channels a person (analyst, supervisor) may report on; the others belong to intake users and keys. */
export const PERSON_CHANNELS: readonly ReportChannel[] = ['merchant_call', 'cardholder'];

/** How a report came in, as the credential says (never the body). */
export type ReportCredential =
  /** an analyst or supervisor, signed in */
  | { kind: 'person' }
  /** an intake user signed in with a password: may report, never triggers the freeze (keys are the machine path) */
  | { kind: 'intake_session' }
  /** an intake user's API key with its bindings (`null` = an old key without that binding) */
  | { kind: 'api_key'; bankCodes: readonly string[] | null; channels: readonly string[] | null; autoFreeze: boolean };

/** Which rule decided the automatic freeze; recorded in the opening event as `data.autoFreeze.rule`. */
export type AutoFreezeRule = 'staff_channel' | 'key' | 'none';

export interface AutoFreezeDecision {
  /** the freeze request goes out at opening */
  decided: boolean;
  rule: AutoFreezeRule;
}

/** The deployment's settings of the rule (`AUTO_FREEZE_STAFF_CHANNELS`). */
export interface IntakeTrustPolicy {
  /** person channels whose reports request the freeze at opening (a subset of PERSON_CHANNELS) */
  staffChannels: readonly string[];
}

/** A person may report only on PERSON_CHANNELS (422 VALIDATION.FAILED on `channel`). */
export function assertChannelAllowed(credential: ReportCredential, channel: string): void {
  if (credential.kind === 'person' && !PERSON_CHANNELS.includes(channel as ReportChannel)) {
    throw validationFailed({
      channel: { code: 'NOT_ALLOWED', message: `people may report only on ${PERSON_CHANNELS.join(', ')}; machine channels belong to intake clients` },
    });
  }
}

/**
 * A key bound to bank codes or channels gets 403 outside them (a key that names bank codes must name the
 * report's bank). Old keys without a binding are not limited by it (and never trigger the freeze).
 */
export function assertKeyBindings(credential: ReportCredential, report: { bankCode: string | null; channel: string }): void {
  if (credential.kind !== 'api_key') return;
  const { bankCodes, channels } = credential;
  if (bankCodes?.length && (!report.bankCode || !bankCodes.includes(report.bankCode))) {
    throw new DomainError('AUTH.FORBIDDEN', `This API key may submit reports only for banks ${bankCodes.join(', ')}`, { bankCodes });
  }
  if (channels?.length && !channels.includes(report.channel)) {
    throw new DomainError('AUTH.FORBIDDEN', `This API key may submit reports only on channels ${channels.join(', ')}`, { channels });
  }
}

/**
 * Whether opening a case requests the freeze at once, and by which rule. `bank` is the acquiring bank the
 * request would go to: the terminal's from master data when known, else the report's.
 * - a person's report on a staff channel (`staff_channel`);
 * - an API key with `autoFreeze` whose bank codes include the bank (`key`; and its channels the channel, when it
 *   names channels): a key for bank A never freezes a terminal that master data says belongs to bank B;
 * - anything else (`none`): a password-signed intake session, a key without bank codes or without `autoFreeze`,
 *   a person's report on another channel.
 * `decided` needs the rule and a known, active bank.
 */
export function decideAutoFreeze(
  credential: ReportCredential,
  channel: string,
  bank: { code: string; active: boolean } | null,
  policy: IntakeTrustPolicy,
): AutoFreezeDecision {
  const rule = ruleFor(credential, channel, bank?.code ?? null, policy);
  return { decided: rule !== 'none' && !!bank?.active, rule };
}

function ruleFor(credential: ReportCredential, channel: string, bankCode: string | null, policy: IntakeTrustPolicy): AutoFreezeRule {
  switch (credential.kind) {
    case 'person':
      return PERSON_CHANNELS.includes(channel as ReportChannel) && policy.staffChannels.includes(channel) ? 'staff_channel' : 'none';
    case 'intake_session':
      return 'none';
    case 'api_key': {
      // The bank is the binding the freeze hangs on; a channel binding, when the key has one, must hold too (an old
      // key upgraded with bank codes but no channels keeps freezing for its banks).
      const ownBank = bankCode !== null && !!credential.bankCodes?.includes(bankCode);
      const ownChannel = !credential.channels?.length || credential.channels.includes(channel);
      return credential.autoFreeze && ownBank && ownChannel ? 'key' : 'none';
    }
  }
}

/** The acquiring bank of a new case: the terminal's from master data when known, else the report's. */
export function acquiringBankCode(masterDataBankCode: string | null, reportBankCode: string | null): string | null {
  return masterDataBankCode ?? reportBankCode;
}
