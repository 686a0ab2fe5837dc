import type { SecretBox } from './secret-box';

/**
 * Bank webhook secrets at rest (`banks.secret`, `banks.previous_secret`): sealed by {@link SecretBox} and bound to
 * their bank's row (`bank:<id>`), so the two columns can be moved into each other by SQL during a rotation while a
 * value copied to another bank does not open. A CHECK in the database refuses anything not sealed.
 */
export const bankSecretAad = (bankId: string) => `bank:${bankId}`;

export function sealBankSecret(box: SecretBox, bankId: string, secret: string): string {
  return box.seal(secret, bankSecretAad(bankId));
}

/** Throws when the value was sealed with another key or for another bank (a wrong SECRETS_KEY, say). */
export function openBankSecret(box: SecretBox, bankId: string, sealed: string): string {
  return box.open(sealed, bankSecretAad(bankId));
}
