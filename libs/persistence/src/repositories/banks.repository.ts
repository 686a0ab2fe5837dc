import { maybeOne, one, type Db } from '../sql';
import { countedList, likePrefix, SqlParams, type Page, type SortOrder } from './list-sql';

/** A `banks` row as this repository selects it: never the secrets themselves (they leave the server only once). */
export interface BankRow {
  id: string;
  code: string;
  name: string;
  webhook_url: string | null;
  active: boolean;
  secret_grace_hours: number;
  /** a previous secret is still accepted (its grace has not run out) */
  has_previous_secret: boolean;
  /** when the accepted previous secret ends; null when there is none */
  previous_secret_expires_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export const BANK_SORT_COLUMNS = { code: 'code', name: 'name', createdAt: 'created_at', id: 'id' } as const;
export type BankSort = keyof typeof BANK_SORT_COLUMNS;

export interface BankListCriteria {
  /** Case-insensitive prefix of the code or the name (matched literally). */
  prefix?: string;
  active?: boolean;
  /** Upper-case codes. */
  codes?: string[];
  ids?: string[];
  sort: { field: BankSort; order: SortOrder };
  page?: Page;
}

/** What a create writes; `secret` is already sealed (SecretBox, bound to `id`). */
export interface NewBank {
  id: string;
  code: string;
  name: string;
  webhookUrl: string | null;
  active: boolean;
  sealedSecret: string;
  secretGraceHours: number;
}

/** What an update writes (everything but the code, fixed once created, and the secrets). */
export interface BankSettings {
  name: string;
  webhookUrl: string | null;
  active: boolean;
  secretGraceHours: number;
}

const COLUMNS = `id, code, name, webhook_url, active, secret_grace_hours,
  (previous_secret IS NOT NULL AND previous_secret_expires_at > now()) AS has_previous_secret,
  CASE WHEN previous_secret IS NOT NULL AND previous_secret_expires_at > now() THEN previous_secret_expires_at END AS previous_secret_expires_at,
  created_at, updated_at`;

/** Banks and their Standard Webhooks secrets (docs/api.md "Banks and notifications"); callbacks read them through `BankCallbacksRepository`. */
export class BanksRepository {
  async list(db: Db, c: BankListCriteria): Promise<{ rows: BankRow[]; total: number }> {
    const p = new SqlParams();
    const where: string[] = [];
    if (c.prefix !== undefined) {
      const like = p.add(likePrefix(c.prefix));
      where.push(`(code ILIKE ${like} OR name ILIKE ${like})`);
    }
    if (c.active !== undefined) where.push(`active = ${p.add(c.active)}`);
    if (c.codes !== undefined) where.push(`code = ANY(${p.add(c.codes)}::text[])`);
    if (c.ids !== undefined) where.push(`id = ANY(${p.add(c.ids)}::uuid[])`);
    const orderBy = `${BANK_SORT_COLUMNS[c.sort.field]} ${c.sort.order}, id ${c.sort.order}`;
    return countedList<BankRow>(db, { from: 'banks', columns: COLUMNS, where, params: p, orderBy, page: c.page });
  }

  get(db: Db, id: string, opts: { lock?: boolean } = {}): Promise<BankRow | undefined> {
    return maybeOne<BankRow>(db, `SELECT ${COLUMNS} FROM banks WHERE id = $1${opts.lock ? ' FOR UPDATE' : ''}`, [id]);
  }

  async codeTaken(db: Db, code: string): Promise<boolean> {
    return (await maybeOne(db, `SELECT 1 FROM banks WHERE code = $1`, [code])) !== undefined;
  }

  async insert(db: Db, b: NewBank): Promise<void> {
    await db.query(`INSERT INTO banks (id, code, name, webhook_url, active, secret, secret_grace_hours) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
      b.id,
      b.code,
      b.name,
      b.webhookUrl,
      b.active,
      b.sealedSecret,
      b.secretGraceHours,
    ]);
  }

  async update(db: Db, id: string, s: BankSettings): Promise<void> {
    await db.query(`UPDATE banks SET name = $2, webhook_url = $3, active = $4, secret_grace_hours = $5, updated_at = now() WHERE id = $1`, [
      id,
      s.name,
      s.webhookUrl,
      s.active,
      s.secretGraceHours,
    ]);
  }

  /** The bank's current secret, sealed. */
  async sealedSecret(db: Db, id: string): Promise<string> {
    return (await one<{ secret: string }>(db, `SELECT secret FROM banks WHERE id = $1`, [id])).secret;
  }

  /**
   * `sealedSecret` becomes current; the current one becomes the previous, accepted for `graceHours` (0: not at all,
   * and an older previous secret ends too). Both columns hold sealed values bound to the bank, so SQL moves them as they are.
   */
  async rotateSecret(db: Db, id: string, sealedSecret: string, graceHours: number): Promise<void> {
    await db.query(
      `UPDATE banks SET previous_secret = CASE WHEN $3 > 0 THEN secret END,
              previous_secret_expires_at = CASE WHEN $3 > 0 THEN now() + make_interval(hours => $3) END,
              secret = $2, updated_at = now()
        WHERE id = $1`,
      [id, sealedSecret, graceHours],
    );
  }
}
