/**
 * The offline audit verifier (docs/audit-verifier.md): no server, no database, only the files.
 *
 *   npm run audit:verify -- export.jsonl [--checkpoint cp.json --leaves leaves.jsonl] [--public-key key.pem] [--json]
 *
 * Exit 0 when everything holds, 1 otherwise (the failures listed; or what is wrong with the command or its files).
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { SingleBar } from 'cli-progress';
import { verifyExport, type ChainEvent, type Checkpoint, type CheckpointLeaf, type ExportVerification } from '@sentinel/domain';

export interface VerifyArgs {
  exportFile: string;
  checkpointFile?: string;
  leavesFile?: string;
  publicKeyFile?: string;
  json: boolean;
}

export class UsageError extends Error {}

const USAGE = 'usage: npm run audit:verify -- export.jsonl [--checkpoint cp.json --leaves leaves.jsonl] [--public-key key.pem] [--json]';

export function parseArgs(argv: string[]): VerifyArgs {
  const out: Partial<VerifyArgs> = { json: false };
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (!v || v.startsWith('--')) throw new UsageError(`${a} needs a file\n${USAGE}`);
      return v;
    };
    if (a === '--json') out.json = true;
    else if (a === '--checkpoint') out.checkpointFile = value();
    else if (a === '--leaves') out.leavesFile = value();
    else if (a === '--public-key') out.publicKeyFile = value();
    else if (a === '--help' || a === '-h') throw new UsageError(USAGE);
    else if (a.startsWith('--')) throw new UsageError(`unknown option ${a}\n${USAGE}`);
    else files.push(a);
  }
  if (files.length !== 1) throw new UsageError(`give exactly one export file\n${USAGE}`);
  if (!!out.checkpointFile !== !!out.leavesFile) throw new UsageError(`--checkpoint and --leaves go together\n${USAGE}`);
  return { ...out, exportFile: files[0] } as VerifyArgs;
}

async function* lines(file: string, onBytes?: (n: number) => void): AsyncGenerator<{ text: string; line: number }> {
  const stream = createReadStream(file);
  if (onBytes) stream.on('data', (chunk) => onBytes(chunk.length));
  const rl = createInterface({ input: stream, crlfDelay: Infinity });
  let n = 0;
  for await (const text of rl) {
    n++;
    if (text.trim()) yield { text, line: n };
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function toEvent(text: string): ChainEvent | string {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return 'not JSON';
  }
  if (!isObject(v)) return 'not an object';
  const { caseId, seq, at, actor, action, data, prevHash, hash } = v;
  if (!(caseId === null || typeof caseId === 'string')) return 'caseId';
  if (!Number.isInteger(seq)) return 'seq';
  if (typeof at !== 'string' || typeof action !== 'string' || typeof prevHash !== 'string' || typeof hash !== 'string') return 'at, action, prevHash or hash';
  if (!isObject(actor) || typeof actor.id !== 'string' || typeof actor.role !== 'string') return 'actor';
  if (!isObject(data)) return 'data';
  return { caseId, seq: seq as number, at, actor: { id: actor.id, role: actor.role }, action, data, prevHash, hash };
}

async function* events(file: string, onBytes?: (n: number) => void): AsyncGenerator<ChainEvent | { malformed: string; line: number }> {
  for await (const { text, line } of lines(file, onBytes)) {
    const e = toEvent(text);
    yield typeof e === 'string' ? { malformed: e, line } : e;
  }
}

async function* leaves(file: string): AsyncGenerator<CheckpointLeaf> {
  for await (const { text, line } of lines(file)) {
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch {
      throw new UsageError(`${file} line ${line} is not JSON`);
    }
    if (!isObject(v) || typeof v.caseId !== 'string' || !Number.isInteger(v.lastEventSeq) || typeof v.headHash !== 'string') {
      throw new UsageError(`${file} line ${line} is not a leaf { caseId, lastEventSeq, headHash }`);
    }
    yield { caseId: v.caseId, lastEventSeq: v.lastEventSeq as number, headHash: v.headHash };
  }
}

function readCheckpoint(file: string): Checkpoint {
  let v: unknown;
  try {
    v = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`${file} is not a checkpoint (JSON): ${(e as Error).message}`);
  }
  if (!isObject(v) || !Number.isInteger(v.seq) || typeof v.hash !== 'string' || typeof v.signature !== 'string' || !isObject(v.systemHead)) {
    throw new UsageError(`${file} is not a checkpoint (GET /api/audit/checkpoints/:id)`);
  }
  return v as unknown as Checkpoint;
}

function readPublicKey(file: string): KeyObject {
  try {
    const key = createPublicKey(readFileSync(file, 'utf8'));
    if (key.asymmetricKeyType !== 'ed25519') throw new Error(`an ${key.asymmetricKeyType} key, not Ed25519`);
    return key;
  } catch (e) {
    throw new UsageError(`${file} is not an Ed25519 public key (PEM): ${(e as Error).message}`);
  }
}

/** Runs the verification of the files (the CLI's work without its output). */
export async function verifyFiles(args: VerifyArgs, progress = false): Promise<ExportVerification> {
  const checkpoint = args.checkpointFile ? readCheckpoint(args.checkpointFile) : undefined;
  const publicKey = args.publicKeyFile ? readPublicKey(args.publicKeyFile) : undefined;
  let size: number;
  try {
    size = statSync(args.exportFile).size;
  } catch (e) {
    throw new UsageError(`cannot read ${args.exportFile}: ${(e as Error).message}`);
  }
  const bar = progress ? new SingleBar({ format: 'verifying [{bar}] {percentage}% {value}/{total} bytes', stream: process.stderr, clearOnComplete: true }) : null;
  bar?.start(size, 0);
  let read = 0;
  try {
    return await verifyExport({
      events: events(args.exportFile, bar ? (n) => bar.update((read += n)) : undefined),
      checkpoint,
      leaves: args.leavesFile ? leaves(args.leavesFile) : undefined,
      publicKey,
    });
  } finally {
    bar?.stop();
  }
}

/** The summary a person reads. */
export function formatReport(args: VerifyArgs, r: ExportVerification): string {
  const out: string[] = ['Sentinel SN audit export — offline verification', ''];
  out.push(`export      ${args.exportFile}`);
  out.push(`            ${r.eventsChecked} events: ${r.casesChecked} case chains, ${r.systemEventsChecked} system events`);
  if (r.checkpoint) {
    const c = r.checkpoint;
    const sig = c.signatureValid === null ? 'NOT CHECKED (give --public-key)' : c.signatureValid ? 'valid' : 'INVALID';
    out.push(`checkpoint  #${c.seq} at ${c.at}, key ${c.keyId.slice(0, 16)}…`);
    out.push(`            signature ${sig}`);
    out.push(`            ${c.leavesChecked} leaves: casesRoot ${c.casesRootValid ? 'matches' : 'DOES NOT MATCH'}, caseCount ${c.caseCountValid ? 'matches' : 'DOES NOT MATCH'}`);
  } else {
    out.push('checkpoint  none given: the chains in the file are checked, not that the file is complete');
  }
  out.push('');
  if (r.ok) {
    out.push(r.checkpoint ? 'RESULT      OK — every chain holds, and the file holds every case the checkpoint covers, unchanged' : 'RESULT      OK — every chain in the file holds');
  } else {
    out.push(`RESULT      FAILED — ${r.failures.length} failure${r.failures.length === 1 ? '' : 's'}:`);
    for (const f of r.failures.slice(0, 200)) out.push(`  ${f.caseId ? `case ${f.caseId}` : 'system / checkpoint'}  seq ${f.seq}  ${f.reason}`);
    if (r.failures.length > 200) out.push(`  … and ${r.failures.length - 200} more (--json lists them all)`);
  }
  return out.join('\n');
}

export async function main(argv: string[]): Promise<number> {
  let args: VerifyArgs;
  try {
    args = parseArgs(argv);
    const r = await verifyFiles(args, !argv.includes('--json') && process.stderr.isTTY === true);
    process.stdout.write(args.json ? `${JSON.stringify(r, null, 2)}\n` : `${formatReport(args, r)}\n`);
    return r.ok ? 0 : 1;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: Error) => {
      process.stderr.write(`audit:verify failed: ${e.stack ?? e.message}\n`);
      process.exit(1);
    },
  );
}
