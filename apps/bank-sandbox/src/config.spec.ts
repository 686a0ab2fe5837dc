import { isLoopbackHost, parseFaultsPatch, resolveOptions, sandboxOptionsFromEnv, SandboxInputError } from './config';

const SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;

describe('isLoopbackHost', () => {
  it('tells loopback addresses from the others', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', 'LOCALHOST']) expect(isLoopbackHost(h)).toBe(true);
    for (const h of ['0.0.0.0', '::', '10.0.0.1', '192.168.1.5', 'bank-sandbox', '']) expect(isLoopbackHost(h)).toBe(false);
  });

  it('reads BANK_SANDBOX_CONTROL_TOKEN', () => {
    expect(sandboxOptionsFromEnv({ BANK_SANDBOX_CONTROL_TOKEN: ' abc ' }).controlToken).toBe('abc');
  });
});

describe('sandboxOptionsFromEnv', () => {
  it('should return nothing for an empty environment (defaults come from resolveOptions)', () => {
    expect(sandboxOptionsFromEnv({})).toEqual({});
    expect(resolveOptions({})).toMatchObject({
      port: 4010,
      host: '127.0.0.1',
      apiUrl: 'http://127.0.0.1:3000',
      callbackDelayMs: 2000,
      banks: [],
    });
  });

  it('should read every variable', () => {
    const opts = sandboxOptionsFromEnv({
      BANK_SANDBOX_PORT: '4999',
      BANK_SANDBOX_HOST: '0.0.0.0',
      BANK_SANDBOX_BANKS: JSON.stringify([{ code: 'ICBC', secret: SECRET }]),
      SENTINEL_API_URL: 'http://localhost:3100/',
      BANK_SANDBOX_CALLBACK_DELAY_MS: '50',
      BANK_SANDBOX_CONTROL_TOKEN: 'a-control-token-of-32-characters',
    });

    expect(opts).toEqual({
      port: 4999,
      host: '0.0.0.0',
      banks: [{ code: 'ICBC', secret: SECRET, previousSecret: null }],
      apiUrl: 'http://localhost:3100/',
      callbackDelayMs: 50,
      controlToken: 'a-control-token-of-32-characters',
    });
    expect(resolveOptions(opts).apiUrl).toBe('http://localhost:3100');
  });

  it('should list every problem at once', () => {
    const read = () =>
      sandboxOptionsFromEnv({
        BANK_SANDBOX_PORT: '70000',
        BANK_SANDBOX_BANKS: '[{"code":"ICBC","secret":"abc"}]',
        SENTINEL_API_URL: 'not a url',
        BANK_SANDBOX_CALLBACK_DELAY_MS: '-1',
      });

    expect(read).toThrow(SandboxInputError);
    expect(read).toThrow(/BANK_SANDBOX_PORT[\s\S]*BANK_SANDBOX_CALLBACK_DELAY_MS[\s\S]*SENTINEL_API_URL[\s\S]*BANK_SANDBOX_BANKS\[0\]: secret/);
  });

  it('should reject BANK_SANDBOX_BANKS that is not a JSON array', () => {
    expect(() => sandboxOptionsFromEnv({ BANK_SANDBOX_BANKS: '{' })).toThrow(/JSON array/);
    expect(() => sandboxOptionsFromEnv({ BANK_SANDBOX_BANKS: '{}' })).toThrow(/JSON array/);
  });
});

describe('parseFaultsPatch', () => {
  it.each([
    [{ failNext: 2 }, { failNext: 2 }],
    [{ rejectFreeze: true }, { rejectFreeze: { reason: expect.any(String) } }],
    [{ rejectFreeze: { reason: 'no' } }, { rejectFreeze: { reason: 'no' } }],
    [{ rejectFreeze: false }, { rejectFreeze: null }],
    [{ callbackDelayMs: null, failStatus: 503, timeout: true }, { callbackDelayMs: null, failStatus: 503, timeout: true }],
  ])('should accept %j', (input, expected) => {
    expect(parseFaultsPatch(input)).toEqual(expected);
  });

  it.each([[{ failNext: 1.5 }], [{ failStatus: 200 }], [{ rejectFreeze: { reason: '' } }], [{ slowMs: '10' }], [[]]])(
    'should reject %j',
    (input) => {
      expect(() => parseFaultsPatch(input)).toThrow(SandboxInputError);
    },
  );
});
