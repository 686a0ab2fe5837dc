import type { NextFunction, Request, Response } from 'express';
import { FIELD_CODES } from '@sentinel/contracts';

export interface RecordedProblem {
  method: string;
  url: string;
  status: number;
  body: Record<string, unknown>;
}

const KNOWN_FIELD_CODES = new Set<string>(FIELD_CODES);

/**
 * Records every problem+json answer of a test app, so each suite checks the contract of every problem it met,
 * not only the ones its assertions look at: a problem with `errors` carries `fieldCodes` with exactly the same keys,
 * each a documented field code (docs/api.md "Conventions").
 */
export class ProblemRecorder {
  readonly seen: RecordedProblem[] = [];

  middleware() {
    return (req: Request, res: Response, next: NextFunction): void => {
      const send = res.send.bind(res);
      res.send = (body?: unknown) => {
        if (String(res.getHeader('content-type') ?? '').includes('application/problem+json') && typeof body === 'string') {
          try {
            this.seen.push({ method: req.method, url: req.originalUrl.split('?')[0], status: res.statusCode, body: JSON.parse(body) });
          } catch {
            this.seen.push({ method: req.method, url: req.originalUrl.split('?')[0], status: res.statusCode, body: { unparseable: body } });
          }
        }
        return send(body);
      };
      next();
    };
  }

  /** What breaks the field-code contract, one line per problem (empty when everything holds). */
  violations(): string[] {
    return this.seen.flatMap((p) => fieldCodeViolations(p.body).map((v) => `${p.method} ${p.url} → ${p.status} ${String(p.body.code)}: ${v}`));
  }
}

/** The field-code rules for one problem body. */
export function fieldCodeViolations(body: Record<string, unknown>): string[] {
  const out: string[] = [];
  const errors = body.errors as Record<string, unknown> | undefined;
  const codes = body.fieldCodes as Record<string, unknown> | undefined;
  if (errors === undefined) {
    if (codes !== undefined) out.push('fieldCodes without errors');
    return out;
  }
  if (codes === undefined || codes === null || typeof codes !== 'object') return ['errors without fieldCodes'];
  const errorKeys = Object.keys(errors).sort();
  const codeKeys = Object.keys(codes).sort();
  if (JSON.stringify(errorKeys) !== JSON.stringify(codeKeys)) out.push(`keys differ: errors ${errorKeys.join(',')} / fieldCodes ${codeKeys.join(',')}`);
  for (const [k, v] of Object.entries(codes)) if (!KNOWN_FIELD_CODES.has(String(v))) out.push(`fieldCodes.${k} = ${String(v)} is not a documented code`);
  return out;
}
