import ipaddr from 'ipaddr.js';
import { isIP } from 'node:net';

/**
 * The outbound address rule (docs/api.md "Banks and notifications"): every webhook the product calls (bank
 * notifications, alert channels) must be `https` and reach public addresses only, except addresses inside
 * `WEBHOOK_ALLOWED_CIDRS` (a bank's gateway on a private network) or anything at all when
 * `WEBHOOK_ALLOW_PRIVATE=true` (tests, the sandbox, the demo).
 */
export interface OutboundPolicy {
  /** Any scheme-valid http(s) URL and any address (tests, the bank sandbox, the demo). */
  allowPrivate: boolean;
  /** Non-public ranges that are allowed anyway, e.g. `10.20.0.0/16`. */
  allowedCidrs: ReadonlyArray<[ipaddr.IPv4 | ipaddr.IPv6, number]>;
}

export type RuleVerdict = { ok: true } | { ok: false; reason: string };

/** The reason every refusal by address carries (also what `lastError` shows). */
export const ADDRESS_NOT_ALLOWED = 'address not allowed';

/** `WEBHOOK_ALLOW_PRIVATE` and `WEBHOOK_ALLOWED_CIDRS` (comma or space separated); a malformed CIDR throws at start. */
export function outboundPolicyFromEnv(env: NodeJS.ProcessEnv = process.env): OutboundPolicy {
  return outboundPolicy({
    allowPrivate: env.WEBHOOK_ALLOW_PRIVATE === 'true',
    allowedCidrs: (env.WEBHOOK_ALLOWED_CIDRS ?? '').split(/[\s,]+/).filter(Boolean),
  });
}

export function outboundPolicy(o: { allowPrivate?: boolean; allowedCidrs?: string[] }): OutboundPolicy {
  const allowedCidrs = (o.allowedCidrs ?? []).map((c) => {
    try {
      return ipaddr.parseCIDR(c);
    } catch {
      throw new Error(`WEBHOOK_ALLOWED_CIDRS: "${c}" is not a CIDR range such as 10.20.0.0/16`);
    }
  });
  return { allowPrivate: o.allowPrivate === true, allowedCidrs };
}

/** Public unicast, or inside an allowed CIDR, or anything when private addresses are allowed. */
export function isAddressAllowed(address: string, policy: OutboundPolicy): boolean {
  if (policy.allowPrivate) return true;
  if (!ipaddr.isValid(address)) return false;
  let ip = ipaddr.parse(address);
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  if (ip.range() === 'unicast') return true;
  return policy.allowedCidrs.some(([net, bits]) => net.kind() === ip.kind() && ip.match(net, bits));
}

/**
 * The checks that need no DNS, done when a URL is saved and again before each connection: an absolute
 * http(s) URL without credentials, `https` unless private addresses are allowed, and a literal IP address
 * (which is connected to without any lookup) allowed by the rule. Host names are checked on every
 * connection by {@link guardedLookup}, on the address actually used.
 */
export function checkOutboundUrl(raw: string, policy: OutboundPolicy): RuleVerdict {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'not an absolute URL' };
  }
  if (url.protocol !== 'https:' && !(policy.allowPrivate && url.protocol === 'http:')) {
    return { ok: false, reason: policy.allowPrivate ? 'must be an http or https URL' : 'must be an https URL' };
  }
  if (url.username || url.password) return { ok: false, reason: 'must not carry a user name or password' };
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (isIP(host)) return isAddressAllowed(host, policy) ? { ok: true } : { ok: false, reason: ADDRESS_NOT_ALLOWED };
  if (!policy.allowPrivate && (host === 'localhost' || host.endsWith('.localhost'))) return { ok: false, reason: ADDRESS_NOT_ALLOWED };
  return { ok: true };
}
