import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { keyIdOf } from '@sentinel/domain';

/** The Ed25519 key that signs audit checkpoints (docs/api.md "Checkpoints"); the database never holds it. */
export interface AuditSigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** hex SHA-256 of the public key's SPKI DER */
  keyId: string;
  publicKeyPem: string;
  /** where it came from: the variable, or the development key file */
  source: 'env' | 'dev-file';
}

export interface SigningKeyOptions {
  /** AUDIT_SIGNING_KEY: a PEM value, a path to a PEM file, or base64 (PKCS#8 DER, or the raw 32-byte seed) */
  value?: string;
  /** AUDIT_SIGNING_KEY_FILE: where a development key is kept when the variable is unset */
  devKeyFile: string;
  /** NODE_ENV=production: the variable is required */
  production: boolean;
}

// PKCS#8 prefix of an Ed25519 private key, before its 32-byte seed (RFC 8410).
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

function parse(value: string, what: string): KeyObject {
  const text = value.trim();
  let key: KeyObject;
  try {
    if (text.includes('-----BEGIN')) key = createPrivateKey(text);
    else if (!/^[A-Za-z0-9+/=\s]+$/.test(text) || existsSync(text)) key = createPrivateKey(readFileSync(text, 'utf8'));
    else {
      const der = Buffer.from(text, 'base64');
      key = createPrivateKey({ key: der.length === 32 ? Buffer.concat([ED25519_PKCS8_PREFIX, der]) : der, format: 'der', type: 'pkcs8' });
    }
  } catch (e) {
    throw new Error(`Configuration error: ${what} is not a readable private key (PEM value or file, or base64): ${(e as Error).message}`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`Configuration error: ${what} must be an Ed25519 key (got ${key.asymmetricKeyType})`);
  return key;
}

function describe(privateKey: KeyObject, source: AuditSigningKey['source']): AuditSigningKey {
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, keyId: keyIdOf(publicKey), publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), source };
}

/**
 * The signing key from AUDIT_SIGNING_KEY; without it, in production an error (the process must not start), else
 * the development key in `devKeyFile`, made on first use (created exclusively, so an API and a worker starting
 * together end up with the same key).
 */
export function loadAuditSigningKey(opts: SigningKeyOptions): AuditSigningKey {
  if (opts.value && opts.value.trim()) return describe(parse(opts.value, 'AUDIT_SIGNING_KEY'), 'env');
  if (opts.production) {
    throw new Error('Configuration error: AUDIT_SIGNING_KEY is required in production (an Ed25519 private key: openssl genpkey -algorithm ed25519)');
  }
  const file = resolve(opts.devKeyFile);
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    try {
      writeFileSync(file, pem, { flag: 'wx', mode: 0o600 });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  return describe(parse(readFileSync(file, 'utf8'), `the development signing key ${file}`), 'dev-file');
}

/** A public key given as PEM (what GET /api/audit/public-key serves). */
export function parsePublicKeyPem(pem: string): KeyObject {
  const key = createPublicKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`not an Ed25519 public key (${key.asymmetricKeyType})`);
  return key;
}
