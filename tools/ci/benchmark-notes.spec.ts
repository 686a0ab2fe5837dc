import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BENCHMARK_NOTES } from '../bench/report';

// `npm run bench` rewrites docs/BENCHMARKS.md from its rows and BENCHMARK_NOTES: a note edited in one place only
// would be lost (or contradicted) by the next run.
describe('docs/BENCHMARKS.md', () => {
  it('should end with exactly the notes the bench writes (tools/bench/report.ts BENCHMARK_NOTES)', () => {
    const md = readFileSync(join(__dirname, '..', '..', 'docs', 'BENCHMARKS.md'), 'utf8');
    const at = md.indexOf(BENCHMARK_NOTES[0]);
    expect(at).toBeGreaterThan(0);
    expect(md.slice(at).trimEnd()).toBe(BENCHMARK_NOTES.join('\n').trimEnd());
  });
});
