import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { ADDRESS_NOT_ALLOWED, isAddressAllowed, type OutboundPolicy } from './address-rule';

export type Resolver = (host: string) => Promise<LookupAddress[]>;

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** The system resolver (getaddrinfo, as `net.connect` uses by default), every address of the name. */
export const systemResolver: Resolver = (host) =>
  new Promise((resolve, reject) => dnsLookup(host, { all: true, verbatim: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))));

/** A refusal by address: `code` lets callers tell it from a network error. */
export class AddressNotAllowedError extends Error {
  readonly code = 'OUTBOUND_ADDRESS_NOT_ALLOWED';
  constructor(readonly host: string) {
    super(ADDRESS_NOT_ALLOWED);
  }
}

/**
 * A `lookup` for `net.connect`/`tls.connect` that resolves the name and refuses the connection before it is
 * made when ANY address the name resolves to breaks the rule — so a DNS answer that changes between the check
 * at save time and the connection (rebinding) cannot reach a private address: the address checked is the
 * address connected to.
 */
export function guardedLookup(policy: OutboundPolicy, resolver: Resolver = systemResolver) {
  return (host: string, options: LookupOptions | number | undefined, callback: LookupCallback): void => {
    const opts: LookupOptions = typeof options === 'number' ? { family: options } : (options ?? {});
    resolver(host).then(
      (found) => {
        const wanted = found.filter((a) => !opts.family || opts.family === a.family || (opts.family as unknown) === `IPv${a.family}`);
        if (wanted.length === 0) return callback(Object.assign(new Error(`no address for ${host}`), { code: 'ENOTFOUND' }), '');
        if (wanted.some((a) => !isAddressAllowed(a.address, policy))) return callback(new AddressNotAllowedError(host), '');
        if (opts.all) callback(null, wanted);
        else callback(null, wanted[0].address, wanted[0].family);
      },
      (err: NodeJS.ErrnoException) => callback(err, ''),
    );
  };
}
