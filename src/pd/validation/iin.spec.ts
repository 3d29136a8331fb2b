import { checkDigit, isValidBin, isValidIin } from './iin';

describe('IIN (P4.2)', () => {
  it.each([
    ['061211600012', 'published example: 2006-12-11, female, 21st century'],
    ['791028302728', 'published example: 1979-10-28, male, 20th century'],
    ['900101300007', '1990-01-01, first-pass check digit 7'],
  ])('accepts %s (%s)', (iin) => {
    expect(isValidIin(iin)).toBe(true);
  });

  it.each([
    ['061211600013', 'wrong check digit'],
    ['791028302720', 'wrong check digit'],
    ['06121160001', '11 digits'],
    ['0612116000120', '13 digits'],
    ['06121160001a', 'a letter'],
    ['061311600012', 'month 13'],
    ['010229500014', 'February 29 of 2001, not a leap year'],
    ['061211700012', 'century digit 7'],
    ['061211000012', 'century digit 0'],
  ])('refuses %s (%s)', (iin) => {
    expect(isValidIin(iin)).toBe(false);
  });

  it('uses the second weights 3..11,1,2 when the first pass gives 10', () => {
    // 9·1+1·4+1·6+3·7+8·10+1·11 = 131 ≡ 10 (mod 11); 9·3+1·6+1·8+3·9+8·1+1·2 = 78 ≡ 1.
    expect(checkDigit('90010130081')).toBe(1);
    expect(isValidIin('900101300811')).toBe(true);
    expect(isValidIin('900101300810')).toBe(false);
  });

  it('refuses every number whose both passes give 10 (never issued)', () => {
    expect(checkDigit('90010130080')).toBeNull();
    for (let digit = 0; digit <= 9; digit++) expect(isValidIin(`90010130080${digit}`)).toBe(false);
  });
});

describe('BIN (P13)', () => {
  it.each(['940140000385', '990140004654', '171140900016', '200240900095', '061241010270'])(
    'accepts the published BIN %s',
    (bin) => {
      expect(isValidBin(bin)).toBe(true);
    },
  );

  it.each([
    ['949940000385', 'month 99'],
    ['940190000385', 'entity type 9'],
    ['940149000385', 'attribute 9'],
    ['940140000386', 'wrong check digit'],
    ['12345', 'too short'],
  ])('refuses %s (%s)', (bin) => {
    expect(isValidBin(bin)).toBe(false);
  });
});
