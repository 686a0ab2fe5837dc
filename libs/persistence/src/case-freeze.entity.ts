import type { NoticeChannel, NotifiedBy } from '@sentinel/contracts';
import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Freeze stage facts of one case (one row per case). */
@Entity({ name: 'case_freezes' })
export class CaseFreezeEntity {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Column({ name: 'bank_code', type: 'text', nullable: true })
  bankCode: string | null;

  @Column({ name: 'requested_at', type: 'timestamptz', nullable: true })
  requestedAt: Date | null;

  @Column({ name: 'notification_id', type: 'uuid', nullable: true })
  notificationId: string | null;

  @Column({ name: 'bank_reference', type: 'text', nullable: true })
  bankReference: string | null;

  @Column({ name: 'confirmed_at', type: 'timestamptz', nullable: true })
  confirmedAt: Date | null;

  @Column({ name: 'confirmed_via', type: 'text', nullable: true })
  confirmedVia: 'callback' | 'analyst' | null;

  @Column({ name: 'rejected_at', type: 'timestamptz', nullable: true })
  rejectedAt: Date | null;

  @Column({ name: 'rejection_reason', type: 'text', nullable: true })
  rejectionReason: string | null;

  /** The bank's last answer to the latest freeze request. */
  @Column({ name: 'last_answer', type: 'text', nullable: true })
  lastAnswer: 'confirmed' | 'rejected' | null;

  @Column({ name: 'notice_notified_at', type: 'timestamptz', nullable: true })
  noticeNotifiedAt: Date | null;

  @Column({ name: 'notice_channel', type: 'text', nullable: true })
  noticeChannel: NoticeChannel | null;

  @Column({ name: 'notice_notified_by', type: 'text', nullable: true })
  noticeNotifiedBy: NotifiedBy | null;

  @Column({ name: 'notice_appeal_instructions_given', type: 'boolean', nullable: true })
  noticeAppealInstructionsGiven: boolean | null;

  @Column({ name: 'notice_recorded_by', type: 'uuid', nullable: true })
  noticeRecordedBy: string | null;

  @Column({ name: 'notice_recorded_at', type: 'timestamptz', nullable: true })
  noticeRecordedAt: Date | null;

  @Column({ name: 'unfreeze_requested_at', type: 'timestamptz', nullable: true })
  unfreezeRequestedAt: Date | null;

  /** The closing of this case queued an unfreeze request (reopen then returns to freeze). */
  @Column({ name: 'unfreeze_sent_on_close', type: 'boolean', default: false })
  unfreezeSentOnClose: boolean;

  @Column({ name: 'unfreeze_notification_id', type: 'uuid', nullable: true })
  unfreezeNotificationId: string | null;

  @Column({ name: 'unfrozen_at', type: 'timestamptz', nullable: true })
  unfrozenAt: Date | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
