import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const PREFIX = 'sbx1:';

/**
 * Secrets at rest (bank webhook secrets, chat robot signing secrets): AES-256-GCM with a key the database never
 * holds (`SECRETS_KEY`, 32 bytes as 64 hex characters or base64). A sealed value is
 * `sbx1:<base64 iv>:<base64 tag>:<base64 ciphertext>`; `aad` binds it to its row (e.g. `bank:<id>`) so a
 * ciphertext copied to another row does not open.
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(key: string | Buffer) {
    this.key = typeof key === 'string' ? parseKey(key) : key;
    if (this.key.length !== 32) throw new Error('SECRETS_KEY must be 32 bytes (64 hex characters or base64)');
  }

  static isSealed(value: string): boolean {
    return value.startsWith(PREFIX);
  }

  seal(plain: string, aad = ''): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(aad));
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `${PREFIX}${iv.toString('base64')}:${cipher.getAuthTag().toString('base64')}:${data.toString('base64')}`;
  }

  /** Throws when the value was not sealed with this key and `aad` (or was altered). */
  open(sealed: string, aad = ''): string {
    if (!SecretBox.isSealed(sealed)) throw new Error('not a sealed secret');
    const [iv, tag, data] = sealed.slice(PREFIX.length).split(':').map((p) => Buffer.from(p, 'base64'));
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
    decipher.setAAD(Buffer.from(aad));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
  }
}

function parseKey(text: string): Buffer {
  const t = text.trim();
  return /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
}

/**
 * The box of `SECRETS_KEY`. Without it, outside production, a fixed development key is used and said so once —
 * so tests and `npm start` work with no setup; in production (`NODE_ENV=production`) a missing key stops the
 * process at start.
 */
export function secretBoxFromEnv(env: NodeJS.ProcessEnv = process.env, warn: (m: string) => void = console.warn): SecretBox {
  if (env.SECRETS_KEY) return new SecretBox(env.SECRETS_KEY);
  if (env.NODE_ENV === 'production') throw new Error('SECRETS_KEY is required in production (32 bytes: openssl rand -hex 32)');
  warn('SECRETS_KEY is not set: using the development key (never in production)');
  return new SecretBox(DEV_KEY);
}

/** Development and test only; production refuses to start without SECRETS_KEY. */
const DEV_KEY = Buffer.alloc(32, 'sentinel-sn-development-key-only');
