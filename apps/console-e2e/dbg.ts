import { startStack } from './src/harness/stack';
import { seed } from './src/harness/seed';
(async () => {
  const st = await startStack();
  try {
    const t0 = Date.now();
    await seed(st.url, st.ds);
    console.log('seed ms', Date.now() - t0);
    console.log(await st.ds.query(`SELECT c.reference, k.state, k.warned_at, k.breached_at, k.due_at - k.started_at AS len, now() - k.started_at AS age FROM sla_clocks k JOIN cases c ON c.id=k.case_id WHERE k.state IN ('warning','breached')`));
    console.log(await st.ds.query(`SELECT action, count(*) FROM case_events WHERE action LIKE 'sla.%' GROUP BY 1`));
  } finally { await st.stop(); }
})();
