import { createHash } from 'node:crypto';
import canonicalizeImport from 'canonicalize';

// canonicalize v2 is CommonJS (`module.exports = fn`) typed as `export default`: with esModuleInterop
// (tsc) and SWC's interop the default import is the function; fall back to `.default` for other loaders.
const canonicalize: (input: unknown) => string | undefined =
  typeof canonicalizeImport === 'function'
    ? canonicalizeImport
    : (canonicalizeImport as unknown as { default: (input: unknown) => string | undefined }).default;

/** RFC 8785 (JCS) canonical JSON. `undefined` (which has no JSON form) is serialised as `null`. */
export function canonicalJson(v: unknown): string {
  return canonicalize(v) ?? 'null';
}

export function sha256Hex(data: Buffer | Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** SHA-256 of a request body's canonical JSON (Idempotency-Key: same key + same body). */
export function requestHash(body: unknown): string {
  return sha256Hex(canonicalJson(body));
}
