import { expectProblem, TestApp } from './test-app';

describe('Operations endpoints', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start('ops', { corsOrigins: ['http://localhost:5173'] });
  });
  afterAll(() => t?.stop());

  it('should answer /api/health with status only', async () => {
    const res = await t.http().get('/api/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', db: 'up', redis: 'up' });
  });

  it('should serve the OpenAPI document with the case actions and bearer auth', async () => {
    const res = await t.http().get('/api/openapi.json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/api/reports', '/api/cases', '/api/cases/{id}/actions/{action}', '/api/cases/claim-next']));
    // Two bearer schemes: the session token of people and the API key of intake clients.
    expect(res.body.components.securitySchemes).toMatchObject({ session: { type: 'http', scheme: 'bearer' }, apiKey: { type: 'http', scheme: 'bearer' } });
    const ui = await t.http().get('/api/docs/').expect(200);
    expect(ui.text).toContain('swagger');
  });

  it('should answer unknown routes with a problem+json 404 carrying the correlation id', async () => {
    const res = await t.http().get('/api/nope').set('x-correlation-id', 'test-corr-0001');
    const body = expectProblem(res, 404, 'NOT_FOUND');
    expect(body.correlationId).toBe('test-corr-0001');
    expect(res.headers['x-correlation-id']).toBe('test-corr-0001');
  });

  it('should expose Content-Range to browsers (CORS)', async () => {
    const res = await t.http().options('/api/cases').set('Origin', 'http://localhost:5173').set('Access-Control-Request-Method', 'GET');
    expect(res.status).toBeLessThan(300);
    const get = await t.http().get('/api/health').set('Origin', 'http://localhost:5173');
    expect(get.headers['access-control-expose-headers']).toMatch(/Content-Range/);
  });
});
