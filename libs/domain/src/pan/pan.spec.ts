import { findPan, findPanPaths, isUnmaskedPan, isValidMaskedPan, luhnValid } from './pan';

// Luhn-valid test numbers.
const VISA = '4111111111111111';
const UNIONPAY_19 = '6228480012345678903';

describe('luhnValid', () => {
  it.each([
    [VISA, true],
    ['4111111111111112', false],
    [UNIONPAY_19, true],
    ['6228480012345678901', false],
    ['79927398713', true],
    ['0', false],
    ['', false],
    ['4111-1111', false],
  ])('luhnValid(%j) should be %s', (digits, expected) => {
    expect(luhnValid(digits)).toBe(expected);
  });
});

describe('findPan', () => {
  it.each([
    [`card ${VISA} used`, true],
    ['card 4111 1111 1111 1111 used', true],
    ['card 4111-1111-1111-1111 used', true],
    ['6228 4800 1234 5678 903', true],
    ['6228 4800 1234 5678 903 100 yuan', true],
    ['4111111111111112', false],
    ['622848******1234', false],
    ['4111  1111 1111 1111', false], // two spaces break the group
    ['phone 13800138000, amount 5000', false],
    [`ref 0000000${VISA}00`, false], // a 25-digit block is not cut into a PAN
    ['no digits at all', false],
    ['', false],
  ])('findPan(%j) should be %s', (text, expected) => {
    expect(findPan(text)).toBe(expected);
  });
});

describe('isValidMaskedPan', () => {
  it.each([
    ['622848******1234', true],
    ['622848*********1234', true],
    ['622848XXXXXX1234', true],
    ['622848xxxxxx1234', true],
    ['622848••••••1234', true],
    ['************1234', true],
    ['6228480*****1234', false], // 7 leading digits
    ['622848*****12345', false], // 5 trailing digits
    ['622848**12**1234', false], // digits in the middle
    [VISA, false],
    ['622848**1234', false], // too short
    ['622848***********1234', false], // too long (21)
    ['6228 48** **** 1234', false],
  ])('isValidMaskedPan(%j) should be %s', (s, expected) => {
    expect(isValidMaskedPan(s)).toBe(expected);
  });
});

describe('isUnmaskedPan', () => {
  it.each([
    [VISA, true],
    ['6228480012341234', true], // not Luhn-valid, still a full card number in a card-number field
    ['6228 4800 1234 1234', true],
    ['6228-4800-1234-1234', true],
    ['622848001234', false], // 12 digits
    ['62284800123412341234', false], // 20 digits
    ['622848******1234', false],
    ['', false],
  ])('isUnmaskedPan(%j) should be %s', (s, expected) => {
    expect(isUnmaskedPan(s)).toBe(expected);
  });
});

describe('findPanPaths', () => {
  it('should return the dotted paths of fields holding a full PAN', () => {
    const body = {
      sn: VISA,
      merchantId: VISA,
      terminalId: UNIONPAY_19,
      description: `customer card 4111 1111 1111 1111`,
      reporter: { name: 'x', phone: '13800138000' },
      transactions: [
        { maskedPan: '622848******1234', at: '2026-01-01T00:00:00Z' },
        { maskedPan: '622848******1234' },
        { maskedPan: '622848*********1234' },
        { maskedPan: UNIONPAY_19, rrn: '123456789012' },
      ],
      tags: ['ok', VISA],
      at: new Date(),
    };
    expect(findPanPaths(body)).toEqual(['description', 'transactions.3.maskedPan', 'tags.1']);
  });

  it('should honour custom exempt keys and a root string', () => {
    expect(findPanPaths({ sn: VISA }, [])).toEqual(['sn']);
    expect(findPanPaths(VISA)).toEqual(['']);
    expect(findPanPaths(null)).toEqual([]);
  });
});
