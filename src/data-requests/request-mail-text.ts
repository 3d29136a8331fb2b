import { shownInAlmaty } from '../calendar/working-days';
import { Language } from '../subjects/vocabulary';
import { RequestStatus, RequestType } from './vocabulary';

export interface RequestLetter {
  operatorName: string;
  fullName: string;
  language: Language;
  type: RequestType;
  status: RequestStatus;
  filedAt: Date;
  dueAt: Date;
  note: string | null;
}

const kzDate = (at: Date): string => shownInAlmaty(at);

interface Words {
  types: Record<RequestType, string>;
  statuses: Record<RequestStatus, string>;
  subject: (type: string, status: string) => string;
  hello: (name: string) => string;
  filed: (operator: string, type: string, filedAt: string, dueAt: string) => string;
  status: (status: string) => string;
  note: string;
  report: string;
  footer: string;
}

const WORDS: Record<Language, Words> = {
  ru: {
    types: {
      INFORMATION: 'о предоставлении сведений о персональных данных',
      RECTIFICATION: 'об изменении и дополнении персональных данных',
      BLOCKING: 'о блокировании персональных данных',
      UNBLOCKING: 'о снятии блокирования персональных данных',
      DELETION: 'об уничтожении персональных данных',
    },
    statuses: {
      SUBMITTED: 'принят',
      IN_REVIEW: 'на рассмотрении',
      COMPLETED: 'исполнен',
      REJECTED: 'отклонён',
    },
    subject: (type, status) => `Ваш запрос ${type}: ${status}`,
    hello: (name) => `Здравствуйте, ${name}!`,
    filed: (operator, type, filedAt, dueAt) =>
      `${operator} получило ваш запрос ${type} от ${filedAt}. Срок ответа — до ${dueAt} включительно.`,
    status: (status) => `Статус запроса: ${status}.`,
    note: 'Комментарий:',
    report:
      'Сведения о ваших персональных данных доступны в личном кабинете, в разделе «Отчёт» (также в PDF).',
    footer: 'Все ваши запросы и их история — в личном кабинете, в разделе «Запросы».',
  },
  kk: {
    types: {
      INFORMATION: 'дербес деректер туралы мәліметтер беру туралы',
      RECTIFICATION: 'дербес деректерді өзгерту және толықтыру туралы',
      BLOCKING: 'дербес деректерді бұғаттау туралы',
      UNBLOCKING: 'дербес деректерді бұғаттаудан шығару туралы',
      DELETION: 'дербес деректерді жою туралы',
    },
    statuses: {
      SUBMITTED: 'қабылданды',
      IN_REVIEW: 'қаралуда',
      COMPLETED: 'орындалды',
      REJECTED: 'қабылданбады',
    },
    subject: (type, status) => `Сіздің ${type} сұрауыңыз: ${status}`,
    hello: (name) => `Сәлеметсіз бе, ${name}!`,
    filed: (operator, type, filedAt, dueAt) =>
      `${operator} сіздің ${filedAt} күнгі ${type} сұрауыңызды алды. Жауап беру мерзімі — ${dueAt} қоса алғанда.`,
    status: (status) => `Сұрау мәртебесі: ${status}.`,
    note: 'Түсініктеме:',
    report:
      'Дербес деректеріңіз туралы мәліметтер жеке кабинеттің «Есеп» бөлімінде (PDF түрінде де) қолжетімді.',
    footer: 'Барлық сұрауларыңыз бен олардың тарихы жеке кабинеттің «Сұраулар» бөлімінде.',
  },
  en: {
    types: {
      INFORMATION: 'for information about your personal data',
      RECTIFICATION: 'to change or supplement your personal data',
      BLOCKING: 'to block your personal data',
      UNBLOCKING: 'to unblock your personal data',
      DELETION: 'to delete your personal data',
    },
    statuses: {
      SUBMITTED: 'received',
      IN_REVIEW: 'in review',
      COMPLETED: 'completed',
      REJECTED: 'rejected',
    },
    subject: (type, status) => `Your request ${type}: ${status}`,
    hello: (name) => `Hello ${name},`,
    filed: (operator, type, filedAt, dueAt) =>
      `${operator} received your request ${type} of ${filedAt}. It will be answered by ${dueAt} at the latest.`,
    status: (status) => `Status: ${status}.`,
    note: 'Comment:',
    report:
      'The information about your personal data is in your personal cabinet, under "Report" (also as a PDF).',
    footer: 'All your requests and their history are in your personal cabinet, under "Requests".',
  },
};

/** The status-change notice, in the subject's preferred language (P15). */
export function composeRequestLetter(letter: RequestLetter): { subject: string; text: string } {
  const words = WORDS[letter.language] ?? WORDS.ru;
  const type = words.types[letter.type];
  const status = words.statuses[letter.status];
  const lines = [
    words.hello(letter.fullName),
    '',
    words.filed(letter.operatorName, type, kzDate(letter.filedAt), kzDate(letter.dueAt)),
    words.status(status),
  ];
  if (letter.note) lines.push('', words.note, letter.note);
  if (letter.type === RequestType.INFORMATION && letter.status === RequestStatus.COMPLETED) {
    lines.push('', words.report);
  }
  lines.push('', words.footer);
  return { subject: words.subject(type, status), text: lines.join('\n') };
}
