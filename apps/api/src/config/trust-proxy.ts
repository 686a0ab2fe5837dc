/**
 * Express `trust proxy` from `TRUST_PROXY`: which peers may tell us the client's address (X-Forwarded-For), used by
 * per-address sign-in limits and logs. A whole number is a hop count (`1`: the one reverse proxy in front, as in
 * docker/compose.yml); anything else is Express's list of names, addresses and CIDRs (`loopback`, `10.0.0.0/8`, …).
 * Unset or empty: `loopback` (nobody else is believed).
 */
export function trustProxySetting(raw: string | undefined): number | string {
  const value = (raw ?? '').trim();
  if (value === '') return 'loopback';
  return /^\d+$/.test(value) ? Number(value) : value;
}
