import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Replay guard for bank callbacks: one row per (bank, webhook-id). */
@Entity({ name: 'callback_receipts' })
export class CallbackReceiptEntity {
  @PrimaryColumn({ name: 'bank_code', type: 'text' })
  bankCode: string;

  @PrimaryColumn({ name: 'webhook_id', type: 'text' })
  webhookId: string;

  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt: Date;
}
