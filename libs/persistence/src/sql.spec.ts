import { foldInserts, type Statement } from './sql';

/** `foldInserts`: the case writer's multi-row statements for several plans (CaseWriter.applyMany). */
describe(foldInserts.name, () => {
  const report = (id: string): Statement => ({ text: `INSERT INTO reports (id, sn, status) VALUES ($1, $2, 'x')`, values: [id, `SN-${id}`] });
  const freeze = (id: string): Statement => ({
    text: `INSERT INTO case_freezes (case_id, bank_code) VALUES ($1, $2) ON CONFLICT (case_id) DO UPDATE SET bank_code = EXCLUDED.bank_code`,
    values: [id, 'BB'],
  });

  it('should fold one-row INSERTs of the same text into one multi-row INSERT, renumbering their parameters, in order', () => {
    const [a, b] = foldInserts([report('1'), freeze('1'), report('2'), freeze('2')]);
    expect(a).toEqual({ text: `INSERT INTO reports (id, sn, status) VALUES ($1, $2, 'x'),\n($3, $4, 'x')`, values: ['1', 'SN-1', '2', 'SN-2'] });
    expect(b.text).toBe(
      `INSERT INTO case_freezes (case_id, bank_code) VALUES ($1, $2),\n($3, $4) ON CONFLICT (case_id) DO UPDATE SET bank_code = EXCLUDED.bank_code`,
    );
    expect(b.values).toEqual(['1', 'BB', '2', 'BB']);
  });

  it('should fold recordset statements of the same text into one over all their rows', () => {
    const clocks = (rows: object[]): Statement => ({ text: `INSERT INTO sla_clocks SELECT * FROM jsonb_to_recordset($1::jsonb) AS s(id uuid)`, values: [JSON.stringify(rows)], recordset: rows });
    const [folded] = foldInserts([clocks([{ id: 'a' }]), clocks([{ id: 'b' }, { id: 'c' }])]);
    expect(folded.values).toEqual([JSON.stringify([{ id: 'a' }, { id: 'b' }, { id: 'c' }])]);
  });

  it('should leave alone what it cannot fold: counted statements, UPDATEs, parameters outside the tuple, a single statement', () => {
    const counted: Statement = { ...report('3'), counted: true };
    const update: Statement = { text: `UPDATE cases SET version = version + 1 WHERE id = $1`, values: ['1'] };
    const tail: Statement = { text: `INSERT INTO t (a) VALUES ($1) ON CONFLICT (a) DO UPDATE SET b = $2`, values: [1, 2] };
    const list = [counted, { ...counted }, update, { ...update }, tail, { ...tail }, report('4')];
    expect(foldInserts(list)).toEqual(list);
  });
});
