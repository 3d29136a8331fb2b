import { Category, Purpose } from '../pd/vocabulary';

/**
 * The fixed parts of the subject report (P15.1–P15.3), from the privacy policy: why PD is
 * processed (P2), where it comes from (P4, P5, P6), how it is processed (P9–P11). In
 * Russian, the binding language of the policy, with English beside it.
 */
export interface Bilingual {
  ru: string;
  en: string;
}

export const PURPOSE_TEXT: Record<Purpose, Bilingual> = {
  IDENTIFICATION: { ru: 'идентификация пользователя', en: 'identifying the user' },
  CONTRACT: {
    ru: 'заключение и исполнение лицензионного договора',
    en: 'concluding and performing the licence agreement',
  },
  SETTLEMENTS: { ru: 'расчёты с пользователем', en: 'settlements with the user' },
  LEGAL_OBLIGATION: {
    ru: 'исполнение обязанностей, установленных законодательством Республики Казахстан',
    en: 'duties under the law of the Republic of Kazakhstan',
  },
};

export const SOURCES: Bilingual[] = [
  {
    ru: 'от вас при регистрации на сайте и в личном кабинете',
    en: 'from you, at registration on the site and in the personal cabinet',
  },
  {
    ru: 'от службы поддержки по вашему обращению',
    en: 'from support staff at your request',
  },
  {
    ru: 'от Биллинга: состояние лицензионного договора',
    en: 'from the Billing: the state of the licence agreement',
  },
  {
    ru: 'от сайта автоматически: технические данные посещений',
    en: 'from the site, automatically: technical data of visits',
  },
  {
    ru: 'от третьих лиц, проверяющих данные по поручению Организации',
    en: 'from third parties verifying data on the Organization’s behalf',
  },
];

export const METHODS: Bilingual[] = [
  {
    ru: 'сбор, запись, хранение, изменение, использование, передача, блокирование, уничтожение',
    en: 'collection, recording, storage, change, use, transfer, blocking, destruction',
  },
  {
    ru: 'автоматизированная обработка в базе данных, расположенной в Республике Казахстан',
    en: 'automated processing in a database located in the Republic of Kazakhstan',
  },
  {
    ru: 'каждое значение хранится зашифрованным (AES-256-GCM) отдельным ключом субъекта',
    en: 'every value is stored encrypted (AES-256-GCM) under a key of your own',
  },
  {
    ru: 'доступ сотрудников — только по приказу и после обязательства о конфиденциальности; каждое обращение записывается',
    en: 'staff access only under an order and a confidentiality pledge; every access is recorded',
  },
];

export const CATEGORY_TEXT: Record<Category, Bilingual> = {
  IDENTITY: { ru: 'ФИО', en: 'name' },
  CONTACT: { ru: 'контактные данные', en: 'contact details' },
  BANKING: { ru: 'банковские реквизиты', en: 'banking details' },
  ID_DOCUMENT: { ru: 'документ, удостоверяющий личность, ИИН', en: 'identity document, IIN' },
  TECHNICAL: { ru: 'технические данные посещений сайта', en: 'technical data of site visits' },
};

/** The storage term of each category, given the configured retention periods. */
export function retentionText(category: Category, pdDays: number, visitDays: number): Bilingual {
  if (category === Category.TECHNICAL) {
    return {
      ru: `${visitDays} дней с момента посещения, затем удаляются`,
      en: `${visitDays} days from the visit, then deleted`,
    };
  }
  return {
    ru: `в течение действия договора и согласия на обработку; после отзыва согласия — ${pdDays} дней, затем обезличиваются`,
    en: `while the contract and the consent to processing last; after the consent is withdrawn, ${pdDays} days, then depersonalized`,
  };
}
