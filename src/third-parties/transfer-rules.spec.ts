import { legalDay } from './legal-day';
import { type PartyFacts, refusalOf, type SubjectFacts, type TransferAsk } from './transfer-rules';

const party: PartyFacts = {
  status: 'ACTIVE',
  country: 'KZ',
  role: 'VERIFIER',
  signedOn: '2026-01-10',
  validUntil: '2027-01-10',
  confidentiality: true,
  categories: ['IDENTITY', 'ID_DOCUMENT'],
  countryProtects: true,
};
const subject: SubjectFacts = {
  blocked: false,
  processingConsent: true,
  crossBorderConsent: false,
};
const ask: TransferAsk = { categories: ['IDENTITY'], legalBasis: 'CONSENT', verification: false };
const code = (
  p: Partial<PartyFacts>,
  s: Partial<SubjectFacts>,
  a: Partial<TransferAsk>,
  today = '2026-06-01',
) => refusalOf({ ...party, ...p }, { ...subject, ...s }, { ...ask, ...a }, today)?.code ?? null;

describe('transfer rules', () => {
  it('covers the validUntil day in full and refuses from the next day (P8)', () => {
    expect(code({}, {}, {}, '2027-01-10')).toBeNull();
    expect(code({}, {}, {}, '2027-01-11')).toBe('NO_CONFIDENTIALITY_AGREEMENT');
    expect(code({}, {}, {}, '2026-01-09')).toBe('NO_CONFIDENTIALITY_AGREEMENT');
  });

  it('reads the day in Asia/Almaty, not UTC', () => {
    expect(legalDay(new Date('2027-01-10T18:59:59.999Z'))).toBe('2027-01-10');
    // 19:00 UTC on the 10th is already the 11th in Almaty (UTC+5).
    expect(legalDay(new Date('2027-01-10T19:00:00Z'))).toBe('2027-01-11');
  });

  it('checks the party before the subject, and the basis last (P8, P13, P14, P15.6)', () => {
    expect(code({ status: 'SUSPENDED', confidentiality: false }, { blocked: true }, {})).toBe(
      'THIRD_PARTY_SUSPENDED',
    );
    expect(code({ confidentiality: false }, { blocked: true }, {})).toBe(
      'NO_CONFIDENTIALITY_AGREEMENT',
    );
    expect(code({}, { blocked: true }, { categories: ['BANKING'] })).toBe('CATEGORY_NOT_AGREED');
    expect(code({ role: 'PROCESSOR' }, { blocked: true }, { verification: true })).toBe(
      'NOT_A_VERIFIER',
    );
    expect(code({}, { blocked: true, processingConsent: false }, {})).toBe('SUBJECT_BLOCKED');
    expect(code({}, { processingConsent: false }, {})).toBe('CONSENT_REQUIRED');
    expect(code({}, { processingConsent: false }, { legalBasis: 'CONTRACT' })).toBeNull();
  });

  it('abroad needs a protecting state and the cross-border consent unless the basis is LAW (P14)', () => {
    const abroad = { country: 'DE', countryProtects: false };
    expect(code(abroad, { crossBorderConsent: true }, {})).toBe('COUNTRY_NOT_PROTECTING');
    expect(code({ ...abroad, countryProtects: true }, {}, {})).toBe(
      'CROSS_BORDER_CONSENT_REQUIRED',
    );
    expect(code({ ...abroad, countryProtects: true }, { crossBorderConsent: true }, {})).toBeNull();
    expect(code(abroad, { processingConsent: false }, { legalBasis: 'LAW' })).toBeNull();
    expect(code({}, {}, {})).toBeNull();
  });
});
