import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findImportCycles, runtimeImports } from './import-cycles';

const ROOT = resolve(__dirname, '..', '..', '..');
const tsconfig = require(join(ROOT, 'tsconfig.base.json')) as { compilerOptions: { paths: Record<string, string[]> } };
const ALIASES = Object.fromEntries(Object.entries(tsconfig.compilerOptions.paths).map(([k, [v]]) => [k, v]));

describe('import cycles', () => {
  it('should find none in product code (apps and libs)', () => {
    const roots = ['apps/api/src', 'apps/worker/src', 'apps/bank-sandbox/src', 'libs/contracts/src', 'libs/domain/src', 'libs/persistence/src', 'libs/queues/src', 'migrations'];
    expect(findImportCycles({ roots, aliases: ALIASES }, ROOT)).toEqual([]);
  });

  describe('the finder', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'sn-cycles-'));
      const files: Record<string, string> = {
        'app.module.ts': `import { CasesController } from './cases.controller';\nexport const m = [CasesController];`,
        'app.factory.ts': `import { m } from './app.module';\nexport const methodNotAllowed = () => m;`,
        'cases.controller.ts': `import { methodNotAllowed } from './app.factory';\nexport class CasesController { x = methodNotAllowed; }`,
        'types.ts': `import type { CasesController } from './cases.controller';\nexport type C = CasesController;`,
        'typed.ts': `import { type C } from './types';\nimport './side-effect';\nexport const y: C | null = null;`,
        'side-effect.ts': `export { y } from './typed';`,
      };
      for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('should report a run-time cycle, the way the app factory once closed one', () => {
      const cycles = findImportCycles({ roots: [dir] }, dir);
      expect(cycles).toContainEqual(['app.factory.ts', 'app.module.ts', 'cases.controller.ts']);
    });

    it('should count side-effect imports and re-exports but not type-only imports', () => {
      const cycles = findImportCycles({ roots: [dir] }, dir);
      expect(cycles).toContainEqual(['side-effect.ts', 'typed.ts']);
      expect(cycles.flat()).not.toContain('types.ts');
      expect(runtimeImports('x.ts', `import type { A } from './a';\nimport { type B } from './b';\nexport type { C } from './c';\nimport { D, type E } from './d';`)).toEqual(['./d']);
    });
  });
});
