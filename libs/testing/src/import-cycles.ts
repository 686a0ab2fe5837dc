import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/**
 * Finds import cycles among TypeScript files with the compiler's parser (no type checking, so it is fast).
 * Only imports that exist at run time count: `import type …`, `import { type A }` (every name a type) and
 * `export type …` are erased by the compiler and cannot change module evaluation order.
 */
export interface ImportGraphOptions {
  /** Folders whose `.ts` files (not tests) are the graph's nodes. */
  roots: string[];
  /** Path aliases as in tsconfig.base.json: `@sentinel/contracts` -> `libs/contracts/src/index.ts`. */
  aliases?: Record<string, string>;
}

const TEST_FILE = /\.(spec|int-spec|e2e-spec)\.ts$/;

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'node_modules' ? [] : listFiles(p);
    return p.endsWith('.ts') && !p.endsWith('.d.ts') && !TEST_FILE.test(p) ? [p] : [];
  });
}

function isTypeOnly(node: ts.ImportDeclaration | ts.ExportDeclaration): boolean {
  if (ts.isImportDeclaration(node)) {
    const clause = node.importClause;
    if (!clause) return false; // a side-effect import runs the module
    if (clause.isTypeOnly) return true;
    const named = clause.namedBindings;
    return !clause.name && !!named && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
  }
  if (node.isTypeOnly) return true;
  const clause = node.exportClause;
  return !!clause && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((e) => e.isTypeOnly);
}

/** The run-time imports of one file, as written (`./x`, `@sentinel/domain`, `bullmq`). */
export function runtimeImports(file: string, source = readFileSync(file, 'utf8')): string[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const out: string[] = [];
  for (const stmt of sf.statements) {
    if ((ts.isImportDeclaration(stmt) || ts.isExportDeclaration(stmt)) && stmt.moduleSpecifier && ts.isStringLiteral(stmt.moduleSpecifier)) {
      if (!isTypeOnly(stmt)) out.push(stmt.moduleSpecifier.text);
    }
  }
  return out;
}

function resolveImport(from: string, spec: string, aliases: Record<string, string>): string | null {
  const target = aliases[spec] ?? (spec.startsWith('.') ? resolve(dirname(from), spec) : null);
  if (!target) return null; // a package
  for (const candidate of [target, `${target}.ts`, join(target, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return resolve(candidate);
  }
  return null;
}

/** Every cycle (a strongly connected component of two or more files, or a file importing itself), files relative to `base`. */
export function findImportCycles(opts: ImportGraphOptions, base = process.cwd()): string[][] {
  const aliases = Object.fromEntries(Object.entries(opts.aliases ?? {}).map(([k, v]) => [k, resolve(base, v)]));
  const files = opts.roots.flatMap((r) => listFiles(resolve(base, r))).map((f) => resolve(f));
  const nodes = new Set(files);
  const edges = new Map<string, string[]>();
  for (const f of files) {
    const targets = runtimeImports(f)
      .map((spec) => resolveImport(f, spec, aliases))
      .filter((t): t is string => t !== null && nodes.has(t));
    edges.set(f, [...new Set(targets)]);
  }

  // Tarjan's strongly connected components, iterative (deep graphs must not overflow the stack).
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  for (const start of files) {
    if (indexOf.has(start)) continue;
    const work: Array<{ node: string; next: number }> = [{ node: start, next: 0 }];
    indexOf.set(start, index);
    low.set(start, index++);
    stack.push(start);
    onStack.add(start);
    while (work.length) {
      const top = work[work.length - 1];
      const out = edges.get(top.node) ?? [];
      if (top.next < out.length) {
        const to = out[top.next++];
        if (!indexOf.has(to)) {
          indexOf.set(to, index);
          low.set(to, index++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, next: 0 });
        } else if (onStack.has(to)) {
          low.set(top.node, Math.min(low.get(top.node)!, indexOf.get(to)!));
        }
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.node)!));
      }
      if (low.get(top.node) === indexOf.get(top.node)) {
        const component: string[] = [];
        let n: string;
        do {
          n = stack.pop()!;
          onStack.delete(n);
          component.push(n);
        } while (n !== top.node);
        const selfLoop = component.length === 1 && (edges.get(top.node) ?? []).includes(top.node);
        if (component.length > 1 || selfLoop) cycles.push(component.map((f) => relative(base, f)).sort());
      }
    }
  }
  return cycles;
}
