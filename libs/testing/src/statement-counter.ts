import { Client } from 'pg';

/** One SQL statement sent to the server (a round trip), as recorded by `recordStatements`. */
export interface RecordedStatement {
  database: string;
  text: string;
}

export interface StatementRecording {
  /** Statements sent so far (to `database` when one was given). */
  readonly statements: RecordedStatement[];
  /** Stops recording and returns the statements. Safe to call twice. */
  stop(): RecordedStatement[];
}

type QueryFn = (this: Client, ...args: unknown[]) => unknown;

let active: Array<{ database?: string; out: RecordedStatement[] }> = [];
let original: QueryFn | null = null;

function statementText(arg: unknown): string {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object' && 'text' in arg && typeof (arg as { text: unknown }).text === 'string') return (arg as { text: string }).text;
  return String(arg);
}

/**
 * Counts the SQL round trips of this process (every `pg` Client.query call: what TypeORM's DataSource, its
 * transactions and pools send, BEGIN and COMMIT included), optionally only those to one database. For tests
 * that keep round-trip budgets honest (an intake, a claim-next, a case action): start, do the request, stop.
 */
export function recordStatements(opts: { database?: string } = {}): StatementRecording {
  if (!original) {
    const proto = Client.prototype as unknown as { query: QueryFn };
    original = proto.query;
    const base = original;
    proto.query = function patched(this: Client, ...args: unknown[]) {
      const database = (this as unknown as { connectionParameters?: { database?: string } }).connectionParameters?.database ?? '';
      for (const r of active) if (!r.database || r.database === database) r.out.push({ database, text: statementText(args[0]) });
      return base.apply(this, args);
    };
  }
  const entry = { database: opts.database, out: [] as RecordedStatement[] };
  active.push(entry);
  let stopped = false;
  return {
    statements: entry.out,
    stop() {
      if (!stopped) {
        stopped = true;
        active = active.filter((e) => e !== entry);
      }
      return entry.out;
    },
  };
}
