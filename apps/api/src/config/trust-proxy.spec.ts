import express from 'express';
import { trustProxySetting } from './trust-proxy';

describe('trustProxySetting', () => {
  it.each([
    [undefined, 'loopback'],
    ['', 'loopback'],
    ['  ', 'loopback'],
    ['1', 1],
    ['2', 2],
    ['loopback', 'loopback'],
    ['10.0.0.0/8, 192.168.1.5', '10.0.0.0/8, 192.168.1.5'],
  ])('should read %p as %p', (raw, expected) => {
    expect(trustProxySetting(raw)).toEqual(expected);
  });

  it('should give Express a value it accepts (an empty string would make it throw at start-up)', () => {
    for (const raw of [undefined, '', '1', 'loopback', 'uniquelocal']) {
      expect(() => express().set('trust proxy', trustProxySetting(raw))).not.toThrow();
    }
    expect(() => express().set('trust proxy', '')).toThrow();
  });
});
