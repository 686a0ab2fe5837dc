'use strict';
// One readable terminal line per JSON log line of the apps (pino: API, worker; the sandbox's own JSON). Lines that
// are not JSON pass through unchanged. `LOG_FORMAT=json npm start` shows the raw lines instead.
const { color } = require('./util');

const LEVELS = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const NAMED = { trace: 10, debug: 20, info: 30, warn: 40, warning: 40, error: 50, fatal: 60 };
/** Keys every line has, or that the line's own layout already shows. */
const HIDDEN = new Set(['level', 'time', 'app', 'pid', 'hostname', 'msg', 'message', 'context', 'req', 'res', 'responseTime', 'err', 'trace', 'v']);
/** Ids that repeat what a line already says (the raw JSON keeps them: LOG_FORMAT=json). */
['correlationId', 'jobId'].forEach((k) => HIDDEN.add(k));
const MAX_FIELDS = 400;

function levelOf(v) {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return NAMED[v.toLowerCase()] ?? 30;
  return 30;
}

function clock(time) {
  const d = time === undefined ? null : new Date(time);
  if (!d || Number.isNaN(d.getTime())) return '';
  return `${[d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':')} `;
}

function paintStatus(status) {
  const s = String(status);
  if (status >= 500) return color.red(s);
  if (status >= 400) return color.yellow(s);
  return color.green(s);
}

function fields(obj) {
  const parts = [];
  for (const [k, v] of Object.entries(obj)) {
    if (HIDDEN.has(k) || v === undefined) continue;
    parts.push(`${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  }
  const text = parts.join(' ');
  return text.length > MAX_FIELDS ? `${text.slice(0, MAX_FIELDS)}…` : text;
}

/**
 * Formats one output line. Returns the text to print (no trailing newline). Pure apart from the local time zone
 * used for the clock.
 */
function formatLogLine(line) {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return line;
  let o;
  try {
    o = JSON.parse(trimmed);
  } catch {
    return line;
  }
  if (!o || typeof o !== 'object' || Array.isArray(o)) return line;
  const level = levelOf(o.level);
  const label = LEVELS[level] ?? 'INFO';
  const tag = level >= 50 ? color.red(label) : level >= 40 ? color.yellow(label) : level <= 20 ? color.dim(label) : '';
  const head = `${color.dim(clock(o.time))}${tag ? `${tag} ` : ''}`;
  const msg = typeof o.msg === 'string' ? o.msg : typeof o.message === 'string' ? o.message : '';

  // pino-http (API): "GET /api/cases → 200 12 ms"
  if (o.req && o.res && typeof o.req.method === 'string') {
    const ms = typeof o.responseTime === 'number' ? ` ${o.responseTime} ms` : '';
    const extra = o.err ? ` ${color.red(o.err.message || msg)}` : '';
    return `${head}${o.req.method} ${o.req.url} → ${paintStatus(o.res.statusCode)}${ms}${extra}`;
  }
  // bank sandbox: {msg:"request", method, path, status, durationMs, …}
  if (msg === 'request' && typeof o.method === 'string' && typeof o.path === 'string') {
    const { method, path, status, durationMs, ...rest } = o;
    const ms = typeof durationMs === 'number' ? ` ${durationMs} ms` : '';
    const more = fields(rest);
    return `${head}${method} ${path} → ${status === null || status === undefined ? 'aborted' : paintStatus(status)}${ms}${more ? ` ${color.dim(more)}` : ''}`;
  }
  const context = typeof o.context === 'string' && o.context ? `${color.dim(`[${o.context}]`)} ` : '';
  const more = fields(o);
  let out = `${head}${context}${msg}${more ? ` ${color.dim(more)}` : ''}`;
  const err = o.err && typeof o.err === 'object' ? o.err : null;
  if (err) out += `\n    ${(err.stack || `${err.type || 'Error'}: ${err.message}`).split('\n').join('\n    ')}`;
  else if (typeof o.trace === 'string' && o.trace && level >= 50) out += `\n    ${o.trace.split('\n').join('\n    ')}`;
  return out;
}

module.exports = { formatLogLine };
