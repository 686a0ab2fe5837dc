import type { BankEndpoint } from '@sentinel/persistence';

/** How long a bank's endpoint (URL, active flag, sealed secrets) is reused: a change to the bank applies within this. */
export const BANK_ENDPOINT_TTL_MS = 1_000;

/**
 * The bank endpoint of each bank code, read at most once per `ttlMs` per worker: every delivery needs it, and it
 * changes rarely (an admin's edit or a secret rotation, which keeps the previous secret valid for hours, so a
 * delivery signed with the endpoint read ≤ 1 s ago still verifies). Concurrent deliveries for the same bank share
 * one read; a failed read is not kept (the next delivery reads again).
 */
export class BankEndpointCache {
  private readonly entries = new Map<string, { at: number; endpoint: Promise<BankEndpoint | null> }>();

  constructor(
    private readonly read: (code: string, now: Date) => Promise<BankEndpoint | null>,
    private readonly ttlMs = BANK_ENDPOINT_TTL_MS,
    private readonly clock: () => number = Date.now,
  ) {}

  get(code: string): Promise<BankEndpoint | null> {
    const now = this.clock();
    const hit = this.entries.get(code);
    if (hit && now - hit.at < this.ttlMs) return hit.endpoint;
    const endpoint = this.read(code, new Date(now));
    this.entries.set(code, { at: now, endpoint });
    endpoint.catch(() => {
      if (this.entries.get(code)?.endpoint === endpoint) this.entries.delete(code);
    });
    return endpoint;
  }
}
