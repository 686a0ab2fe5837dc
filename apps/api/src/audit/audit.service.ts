import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ChainEvent } from '@sentinel/domain';
import { EventsRepository, toChainEvent, type EventRow } from '@sentinel/persistence';

export interface EventInput {
  actor: { id: string; role: string };
  action: string;
  data: Record<string, unknown>;
  at?: Date;
}

/**
 * The system chain for changes that belong to no case (users, banks, settings, logins, downloads, reveals, exports),
 * inside the caller's transaction so a change and its event commit together. Case events are appended only by
 * the case writer (libs/persistence), with the change that causes them.
 */
@Injectable()
export class AuditService {
  constructor(private readonly events: EventsRepository) {}

  appendSystemEvent(em: EntityManager, input: EventInput): Promise<ChainEvent> {
    return this.events.appendSystemEvent(em, input);
  }
}

/** Maps a case_events / system_events row to the served (and hashed) shape. */
export function eventRowToView(r: EventRow): ChainEvent & { id: string } {
  return toChainEvent(r);
}
