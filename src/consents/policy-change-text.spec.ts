import { composePolicyChange, type PolicyChangeLetter } from './policy-change-text';

const letter = (
  language: PolicyChangeLetter['language'],
  texts: { textKk?: string; textEn?: string } = {},
): PolicyChangeLetter => ({
  operatorName: 'ТОО «Fingram»',
  fullName: 'Ахметова Айгерим',
  language,
  version: {
    label: '2026-12',
    effectiveAt: new Date('2026-12-01T19:00:00Z'),
    text: 'ТЕКСТ-RU',
    textKk: texts.textKk ?? null,
    textEn: texts.textEn ?? null,
  },
});

describe('policy change notice text (P20)', () => {
  it('is in Russian only when the version has no other text', () => {
    const mail = composePolicyChange(letter('en'));
    expect(mail.subject).toBe('Изменение политики конфиденциальности: редакция 2026-12');
    expect(mail.text).toContain('Здравствуйте, Ахметова Айгерим!');
    expect(mail.text).toContain('ТЕКСТ-RU');
    expect(mail.text).toContain('02.12.2026 00:00 (UTC+5)');
    expect(mail.text).not.toContain('Hello');
  });

  it('adds Kazakh and English sections, the preferred language right after Russian', () => {
    const mail = composePolicyChange(letter('en', { textKk: 'ТЕКСТ-KK', textEn: 'TEXT-EN' }));
    const order = ['ТЕКСТ-RU', 'TEXT-EN', 'ТЕКСТ-KK'].map((marker) => mail.text.indexOf(marker));
    expect(order.every((index) => index >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(mail.subject).toBe(
      'Изменение политики конфиденциальности: редакция 2026-12 / Privacy policy change: version 2026-12',
    );
    const kazakh = composePolicyChange(letter('kk', { textKk: 'ТЕКСТ-KK', textEn: 'TEXT-EN' }));
    expect(kazakh.text.indexOf('ТЕКСТ-KK')).toBeLessThan(kazakh.text.indexOf('TEXT-EN'));
    expect(kazakh.text).toContain('Сәлеметсіз бе, Ахметова Айгерим!');
  });
});
