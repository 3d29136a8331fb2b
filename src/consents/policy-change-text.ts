import { shownInAlmaty } from '../calendar/working-days';
import { Language } from '../subjects/vocabulary';

export interface PolicyChangeLetter {
  operatorName: string;
  fullName: string;
  language: Language;
  version: {
    label: string;
    effectiveAt: Date;
    text: string;
    textKk: string | null;
    textEn: string | null;
  };
}

interface Section {
  subject: string;
  body: string;
}

const kzTime = (at: Date): string => `${shownInAlmaty(at, true)} (UTC+5)`;

const SECTIONS: Record<Language, (letter: PolicyChangeLetter, text: string) => Section> = {
  ru: ({ operatorName, fullName, version }, text) => ({
    subject: `Изменение политики конфиденциальности: редакция ${version.label}`,
    body: [
      `Здравствуйте, ${fullName}!`,
      '',
      `${operatorName} существенно изменило Политику конфиденциальности. Новая редакция «${version.label}» вступает в силу ${kzTime(version.effectiveAt)}.`,
      'Ознакомьтесь с ней и примите её в личном кабинете, в разделе «Согласия». Там же можно отозвать согласие на обработку персональных данных, когда обязательства по договору исполнены.',
      '',
      'Текст новой редакции:',
      '',
      text,
    ].join('\n'),
  }),
  kk: ({ operatorName, fullName, version }, text) => ({
    subject: `Құпиялылық саясатының өзгеруі: ${version.label} редакциясы`,
    body: [
      `Сәлеметсіз бе, ${fullName}!`,
      '',
      `${operatorName} Құпиялылық саясатын елеулі түрде өзгертті. «${version.label}» жаңа редакциясы ${kzTime(version.effectiveAt)} бастап күшіне енеді.`,
      'Онымен танысып, жеке кабинеттің «Келісімдер» бөлімінде қабылдаңыз. Шарт бойынша міндеттемелер орындалғаннан кейін дербес деректерді өңдеуге келісімді сол жерде қайтарып алуға болады.',
      '',
      'Жаңа редакцияның мәтіні:',
      '',
      text,
    ].join('\n'),
  }),
  en: ({ operatorName, fullName, version }, text) => ({
    subject: `Privacy policy change: version ${version.label}`,
    body: [
      `Hello ${fullName},`,
      '',
      `${operatorName} has made a significant change to its privacy policy. The new version "${version.label}" takes effect on ${kzTime(version.effectiveAt)}.`,
      'Please read it and accept it in your personal cabinet, under "Consents". There you may also withdraw your consent to the processing of your personal data once the obligations under the contract are fulfilled.',
      '',
      'The new version:',
      '',
      text,
    ].join('\n'),
  }),
};

/**
 * The P20 notice: Russian always (the binding text), then Kazakh and English where the
 * version has that text, the subject's preferred language first among them. The subject
 * line adds the preferred language's when there is a section in it.
 */
export function composePolicyChange(letter: PolicyChangeLetter): { subject: string; text: string } {
  const texts: Array<[Language, string | null]> = [
    [Language.RU, letter.version.text],
    [Language.KK, letter.version.textKk],
    [Language.EN, letter.version.textEn],
  ];
  const available = texts.filter((entry): entry is [Language, string] => entry[1] !== null);
  const [russian, ...others] = available;
  others.sort(([a], [b]) => Number(b === letter.language) - Number(a === letter.language));
  const sections = [russian, ...others].map(([language, text]) => SECTIONS[language](letter, text));
  const preferred = others.find(([language]) => language === letter.language);
  const subject = preferred
    ? `${sections[0].subject} / ${SECTIONS[preferred[0]](letter, preferred[1]).subject}`
    : sections[0].subject;
  return { subject, text: sections.map((section) => section.body).join('\n\n————————\n\n') };
}
