/** One JSON object per line on stdout (or a caller-supplied sink); nothing when quiet. */
export type Logger = (entry: Record<string, unknown>) => void;

export function createLogger(opts: { quiet?: boolean; log?: Logger }): Logger {
  if (opts.log) return opts.log;
  if (opts.quiet) return () => undefined;
  return (entry) => {
    process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), service: 'bank-sandbox', ...entry })}\n`);
  };
}
