import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity({ name: 'terminals' })
export class TerminalEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Normalised serial number (unique). */
  @Column({ type: 'text' })
  sn: string;

  @Column({ type: 'text', nullable: true })
  model: string | null;

  @Column({ type: 'text', nullable: true })
  tid: string | null;

  @Column({ name: 'bank_code', type: 'text', nullable: true })
  bankCode: string | null;

  @Column({ name: 'merchant_id', type: 'text', nullable: true })
  merchantId: string | null;

  @Column({ name: 'merchant_name', type: 'text', nullable: true })
  merchantName: string | null;

  /** Personal data: serve masked unless revealed. */
  @Column({ name: 'merchant_credit_code', type: 'text', nullable: true })
  merchantCreditCode: string | null;

  /** Personal data: serve masked unless revealed. */
  @Column({ name: 'settlement_account', type: 'text', nullable: true })
  settlementAccount: string | null;

  @Column({ name: 'registered_address', type: 'text', nullable: true })
  registeredAddress: string | null;

  @Column({ name: 'time_zone', type: 'text', nullable: true })
  timeZone: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
