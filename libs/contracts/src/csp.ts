/**
 * Content-Security-Policy of the console (served by the API's static handler and by `vite preview`). The Vite build
 * emits no inline script (one module entry and modulepreload links, checked by `apps/api/test/http-hardening.e2e-spec.ts`),
 * so scripts come only from the console's own origin. Styles allow inline because MUI's emotion inserts <style>
 * elements at run time; images allow `data:` and `blob:` (MUI icons, charts, downloads); the API is same-origin.
 */
export const CONSOLE_CSP_DIRECTIVES: ReadonlyArray<readonly [string, string]> = [
  ['default-src', "'self'"],
  ['script-src', "'self'"],
  ['style-src', "'self' 'unsafe-inline'"],
  ['img-src', "'self' data: blob:"],
  ['font-src', "'self' data:"],
  ['connect-src', "'self'"],
  ['object-src', "'none'"],
  ['base-uri', "'self'"],
  ['form-action', "'self'"],
  ['frame-ancestors', "'none'"],
];

export const CONSOLE_CSP = CONSOLE_CSP_DIRECTIVES.map(([k, v]) => `${k} ${v}`).join('; ');

/** What every API answer carries besides helmet's headers: JSON is never rendered as a page, nor cached. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";
