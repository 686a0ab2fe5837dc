import { randomBytes } from 'node:crypto';
import { SecretBox, secretBoxFromEnv } from './secret-box';
import { openBankSecret, sealBankSecret } from './bank-secrets';

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32).toString('hex'));

  it('seals and opens, with a fresh nonce each time and the secret nowhere in the sealed text', () => {
    const a = box.seal('whsec_c2VjcmV0', 'bank:1');
    const b = box.seal('whsec_c2VjcmV0', 'bank:1');
    expect(a).not.toBe(b);
    expect(a).not.toContain('c2VjcmV0');
    expect(SecretBox.isSealed(a)).toBe(true);
    expect(box.open(a, 'bank:1')).toBe('whsec_c2VjcmV0');
  });

  it('refuses another row, another key and an altered value', () => {
    const sealed = box.seal('s3cret', 'bank:1');
    expect(() => box.open(sealed, 'bank:2')).toThrow();
    expect(() => new SecretBox(randomBytes(32)).open(sealed, 'bank:1')).toThrow();
    const parts = sealed.split(':');
    parts[3] = Buffer.from('xxxxxx').toString('base64');
    expect(() => box.open(parts.join(':'), 'bank:1')).toThrow();
    expect(() => box.open('s3cret')).toThrow(/not a sealed secret/);
  });

  it('takes the key as hex or base64 and refuses a short one', () => {
    const key = randomBytes(32);
    expect(new SecretBox(key.toString('base64')).open(new SecretBox(key.toString('hex')).seal('x'))).toBe('x');
    expect(() => new SecretBox('abcd')).toThrow(/32 bytes/);
  });

  it('needs SECRETS_KEY in production and warns when it falls back elsewhere', () => {
    expect(() => secretBoxFromEnv({ NODE_ENV: 'production' })).toThrow(/SECRETS_KEY is required/);
    const warn = jest.fn();
    secretBoxFromEnv({ NODE_ENV: 'test' }, warn);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/development key/));
  });
});

describe('bank secrets', () => {
  it('bind a sealed secret to its bank', () => {
    const box = new SecretBox(randomBytes(32));
    const sealed = sealBankSecret(box, 'b1', 'whsec_x');
    expect(openBankSecret(box, 'b1', sealed)).toBe('whsec_x');
    expect(() => openBankSecret(box, 'b2', sealed)).toThrow();
  });
});
