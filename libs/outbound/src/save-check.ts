import { isIP } from 'node:net';
import { ADDRESS_NOT_ALLOWED, checkOutboundUrl, isAddressAllowed, type OutboundPolicy, type RuleVerdict } from './address-rule';
import { systemResolver, type Resolver } from './guarded-lookup';

/**
 * The check when a webhook URL is saved: {@link checkOutboundUrl}, then — for a host name, unless private addresses
 * are allowed — the addresses the name resolves to now (any one outside the rule refuses it). A name that does not
 * resolve yet (a gateway being set up) or a resolver that does not answer within `timeoutMs` is accepted: every
 * connection is checked again on the address it uses, so nothing private is reached either way.
 */
export async function checkOutboundUrlAtSave(
  raw: string,
  policy: OutboundPolicy,
  opts: { resolver?: Resolver; timeoutMs?: number } = {},
): Promise<RuleVerdict> {
  const verdict = checkOutboundUrl(raw, policy);
  if (!verdict.ok || policy.allowPrivate) return verdict;
  const host = new URL(raw).hostname.replace(/^\[(.*)\]$/, '$1');
  if (isIP(host)) return verdict;
  const resolver = opts.resolver ?? systemResolver;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((r) => (timer = setTimeout(() => r(null), opts.timeoutMs ?? 2_000)));
  try {
    const found = await Promise.race([resolver(host).catch(() => null), timeout]);
    if (found && found.some((a) => !isAddressAllowed(a.address, policy))) return { ok: false, reason: ADDRESS_NOT_ALLOWED };
    return verdict;
  } finally {
    clearTimeout(timer);
  }
}
