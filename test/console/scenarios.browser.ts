import type { Locator, Page } from 'playwright-core';
import { handlingOfficer, mine } from '../data-requests/helpers';
import { bearer, createStaff, STAFF_PASSWORD, type StaffActor } from '../support/actors';
import { enrolmentTokenFor } from '../support/mailbox';
import { registerSubject, setUpBilling, subjectLogin } from '../support/subjects';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../support/test-env';
import { Role } from '../../src/staff/roles';
import { type ConsoleApp, startConsoleApp } from './support/console-app';
import {
  axeAndScreenshot,
  check,
  chooseOption,
  SCREENSHOTS,
  type ConsolePage,
  openConsole,
  pressButton,
  tabAndType,
  tabTo,
  tabToElement,
  typeDate,
  typeInto,
} from './support/pages';

const OPERATOR_NAME = 'Данияр Оспанов';
const OPERATOR_EMAIL = 'daniyar.ospanov@pd.test';
const OPERATOR_PASSWORD = 'river-lantern-cedar-58';
const ORDER_NUMBER = 'PD-2026-077';
const DAY = 86_400_000;

async function signIn(c: ConsoleApp, email: string, password: string): Promise<ConsolePage> {
  const opened = await openConsole(c.browser, c.url);
  await typeInto(opened.page, 'Электронная почта', email);
  await typeInto(opened.page, 'Пароль', password);
  await opened.page.keyboard.press('Enter');
  await opened.page.getByTestId('who').waitFor();
  return opened;
}

/** Opens a screen from the menu with the keyboard. */
async function open(page: Page, route: string): Promise<void> {
  await tabToElement(page, page.getByTestId(`nav-${route}`));
  await page.keyboard.press('Enter');
  await page.waitForURL(`**/#/${route}`);
}

/** Waits until the element has the keyboard focus (the page's CSP refuses string evaluation). */
async function hasFocus(element: Locator): Promise<void> {
  for (let i = 0; i < 50; i += 1) {
    const focused = await element.evaluate(
      (node) =>
        (node as unknown as { ownerDocument: { activeElement: unknown } }).ownerDocument
          .activeElement === node,
    );
    if (focused) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the element never took the focus');
}

/** Waits for the notice, or fails at once with the error the screen shows instead. */
async function noticeSays(page: Page, text: string): Promise<void> {
  await settles(page, page.getByTestId('notice').filter({ hasText: text }));
}

async function settles(page: Page, expected: Locator): Promise<void> {
  const error = page.getByTestId('error');
  await expected
    .or(error)
    .first()
    .waitFor()
    .catch(async (failure: Error) => {
      await page.screenshot({ path: `${SCREENSHOTS}/failed.png`, fullPage: true });
      throw failure;
    });
  if (await error.count()) throw new Error(`the screen says: ${await error.first().textContent()}`);
}

describe('The console in a browser: the issue’s scenarios with the keyboard only, Tab to each control, no mouse and no programmatic focus (issue 15; P9–P11, P15, P16)', () => {
  let c: ConsoleApp;
  let officer: StaffActor;
  let auditor: StaffActor;
  let subjectId: string;
  let subjectEmail: string;
  let operatorId: string;
  let billingClientId: string;
  const screens: string[] = [];
  const shoot = async (page: Page, name: string): Promise<void> => {
    screens.push(name);
    expect({ screen: name, violations: await axeAndScreenshot(page, name) }).toEqual({
      screen: name,
      violations: [],
    });
  };

  beforeAll(async () => {
    c = await startConsoleApp();
    // The officer who will work in the console holds an order to handle requests (from a
    // second officer) and has signed the pledge in force; the Billing has a subject.
    officer = await handlingOfficer(c.t);
    auditor = await createStaff(c.t, [Role.AUDITOR]);
    const billing = await setUpBilling(c.t);
    billingClientId = billing.clientId;
    const subject = await registerSubject(c.t, billing);
    subjectId = subject.id;
    subjectEmail = subject.email;
  });
  afterAll(() => c?.close());

  it('an administrator signs in and creates an operator with the keyboard alone; the operator enrols with the one-time token (P9)', async () => {
    const { page, problems } = await openConsole(c.browser, c.url);
    await tabAndType(page, 'Электронная почта', ADMIN_EMAIL);
    await tabAndType(page, 'Пароль', ADMIN_PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByTestId('create-staff').waitFor();
    expect(page.url()).toMatch(/#\/people$/);
    // The Billing's scopes; its PD grants are the officer's to read (the API shows orders
    // to officers and auditors), and the administrator is told so.
    const billingRow = page.getByTestId(`client-${billingClientId}`);
    await billingRow.waitFor();
    expect(await billingRow.textContent()).toContain('subjects:write');
    expect(await billingRow.textContent()).toContain('выдаёт и видит ответственный за ПД');
    await shoot(page, '10-admin-people');

    await tabAndType(page, 'ФИО', OPERATOR_NAME);
    await tabAndType(page, 'Рабочая почта', OPERATOR_EMAIL);
    // Roles: Оператор is ticked by default; Tab past the boxes to the button.
    await tabTo(page, 'Создать учётную запись');
    await page.keyboard.press('Enter');
    await noticeSays(page, 'код для входа отправлен');
    const row = page.getByTestId(`staff-${OPERATOR_EMAIL}`);
    await row.waitFor();
    expect(await row.textContent()).toContain('ещё не вошёл(а)');
    await shoot(page, '11-admin-created-operator');
    expect(problems).toEqual([]);
    await page.context().close();

    const token = await enrolmentTokenFor(c.t, OPERATOR_EMAIL);
    expect(token).toMatch(/^pden_/);
    const enrolling = await openConsole(c.browser, c.url);
    await tabTo(enrolling.page, 'У меня есть одноразовый код');
    await enrolling.page.keyboard.press('Enter');
    await tabAndType(enrolling.page, 'Одноразовый код', token!);
    await tabAndType(enrolling.page, 'Новый пароль', OPERATOR_PASSWORD);
    await enrolling.page.keyboard.press('Enter');
    await enrolling.page.getByTestId('who').waitFor();
    expect(await enrolling.page.getByTestId('who').textContent()).toContain(OPERATOR_NAME);
    // An operator's menu: the pledge, the subject's data and the account, nothing else.
    expect(await enrolling.page.getByRole('navigation').textContent()).toBe(
      'ОбязательствоДанные субъектаУчётная запись',
    );
    expect(enrolling.problems).toEqual([]);
    await enrolling.page.context().close();

    const [row2] = await c.t.db.query('SELECT id FROM staff_members WHERE fullName = ?', [
      OPERATOR_NAME,
    ]);
    operatorId = row2.id as string;
  });

  it('an officer publishes a pledge, the operator signs it, and the officer sees who has signed (P10)', async () => {
    const desk = await signIn(c, officer.email, STAFF_PASSWORD);
    await open(desk.page, 'pledge');
    await typeInto(desk.page, 'Текст обязательства', 'Обязуюсь не разглашать ПД клиентов, ред. 2');
    await pressButton(desk.page, 'Опубликовать');
    await noticeSays(desk.page, 'Новая редакция опубликована.');
    await desk.page.getByTestId('pledge-text').filter({ hasText: 'ред. 2' }).waitFor();
    await desk.page
      .getByTestId(`signature-${OPERATOR_EMAIL}`)
      .filter({ hasText: 'не подписал(а)' })
      .waitFor();
    await shoot(desk.page, '12-officer-pledge-published');
    // The officer signs the new version too: handling requests needs it.
    await typeInto(desk.page, 'ФИО для подписи', 'Test Staff');
    await pressButton(desk.page, 'Подписать обязательство');
    await noticeSays(desk.page, 'Обязательство подписано');

    const operator = await signIn(c, OPERATOR_EMAIL, OPERATOR_PASSWORD);
    await open(operator.page, 'pledge');
    await operator.page.getByTestId('pledge-text').filter({ hasText: 'ред. 2' }).waitFor();
    await shoot(operator.page, '13-operator-pledge');
    await typeInto(operator.page, 'ФИО для подписи', OPERATOR_NAME);
    await pressButton(operator.page, 'Подписать обязательство');
    await noticeSays(operator.page, 'Обязательство подписано');
    expect(operator.problems).toEqual([]);
    await operator.page.context().close();

    await open(desk.page, 'access');
    await open(desk.page, 'pledge');
    await desk.page
      .getByTestId(`signature-${OPERATOR_EMAIL}`)
      .filter({ hasText: /^Данияр Оспановподписал\(а\)$/ })
      .waitFor();
    expect(desk.problems).toEqual([]);
    await desk.page.context().close();
  });

  it('the officer issues the operator an order with the cap shown, and is never offered as its holder (P9, P11.2)', async () => {
    const { page, problems } = await signIn(c, officer.email, STAFF_PASSWORD);
    await open(page, 'access');
    await page
      .getByTestId('order-employee')
      .locator(`option[value="${operatorId}"]`)
      .waitFor({ state: 'attached' });
    const holders = await page
      .getByTestId('order-employee')
      .locator('option')
      .evaluateAll((options) =>
        options.map((option) => (option as unknown as { value: string }).value),
      );
    expect(holders).toContain(operatorId);
    expect(holders).not.toContain(officer.id);
    expect(await page.getByText(/\(уже у \d+ из 1000 допустимых\)/).count()).toBe(5);
    await shoot(page, '14-officer-access');

    await chooseOption(page, page.getByTestId('order-employee'), operatorId);
    await typeInto(page, 'Номер приказа', ORDER_NUMBER);
    await typeInto(page, 'Основание', 'Приказ директора № 12 о допуске');
    await check(page, 'ФИО');
    await check(page, 'Контакты');
    await check(page, 'исполнение договора');
    const until = new Date(Date.now() + 90 * DAY).toISOString().slice(0, 10);
    await typeDate(page, 'Действует по', until);
    await pressButton(page, 'Издать приказ');
    await noticeSays(page, `Приказ ${ORDER_NUMBER} издан.`);
    const order = page.getByTestId(`order-${ORDER_NUMBER}`);
    await order.waitFor();
    expect(await order.textContent()).toContain(OPERATOR_NAME);
    expect(await order.textContent()).toContain('действует');

    await chooseOption(page, page.getByTestId('effective-person'), operatorId);
    const contact = page.getByTestId('effective-CONTACT');
    await contact.waitFor();
    expect(await contact.textContent()).toContain('чтение (исполнение договора)');
    expect(await contact.textContent()).toContain(`приказ ${ORDER_NUMBER} до`);
    expect(await page.getByTestId('effective-BANKING').textContent()).toContain('нет приказа');
    await shoot(page, '15-officer-effective-access');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('the operator reads the permitted categories for a stated purpose and sees the others withheld (P10, P11)', async () => {
    const { page, problems } = await signIn(c, OPERATOR_EMAIL, OPERATOR_PASSWORD);
    await open(page, 'subject');
    await shoot(page, '16-operator-subject-form');
    await typeInto(page, 'Идентификатор субъекта', subjectId);
    await chooseOption(page, page.getByLabel('Цель обращения', { exact: true }), 'CONTRACT');
    await typeInto(page, 'Номер обращения (тикет)', 'SUP-4521');
    await pressButton(page, 'Показать данные');
    await settles(page, page.getByTestId('subject-data'));
    // The keyboard user lands on what was read.
    await hasFocus(page.locator('#subject-data'));
    expect(await page.getByTestId('category-IDENTITY').textContent()).toContain('Ахметова');
    expect(await page.getByTestId('category-CONTACT').textContent()).toContain(subjectEmail);
    expect(await page.getByTestId('category-BANKING').textContent()).toBe(
      'Банковские данныескрыто',
    );
    expect(await page.getByTestId('category-ID_DOCUMENT').textContent()).toBe(
      'ИИН и удостоверениескрыто',
    );
    expect(page.url()).not.toContain(subjectEmail);
    await shoot(page, '17-operator-subject-read');

    // What was read stays on the screen only: nothing in browser storage.
    expect(
      await page.evaluate(`({ local: localStorage.length, session: sessionStorage.length })`),
    ).toEqual({ local: 0, session: 0 });
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('the officer revokes the order with a reason and sees the revocation, in the list and in effective access (P10)', async () => {
    const { page, problems } = await signIn(c, officer.email, STAFF_PASSWORD);
    await open(page, 'access');
    await pressButton(page, `Отозвать ${ORDER_NUMBER}`);
    await page.getByTestId('revoke').waitFor();
    // The reason field takes the focus: the keyboard user types straight away. Escape
    // closes the form and gives the focus back to the button that opened it.
    await hasFocus(page.getByLabel('Причина отзыва', { exact: true }));
    await page.keyboard.press('Escape');
    await page.getByTestId('revoke').waitFor({ state: 'detached' });
    await hasFocus(page.getByRole('button', { name: `Отозвать ${ORDER_NUMBER}`, exact: true }));
    await page.keyboard.press('Enter');
    await hasFocus(page.getByLabel('Причина отзыва', { exact: true }));
    await page.keyboard.type('Переведён в другой отдел');
    await page.keyboard.press('Enter');
    await noticeSays(page, `Приказ ${ORDER_NUMBER} отозван.`);
    expect(await page.getByTestId(`order-${ORDER_NUMBER}`).count()).toBe(0);
    await chooseOption(page, page.getByTestId('orders-filter'), 'REVOKED');
    const order = page.getByTestId(`order-${ORDER_NUMBER}`);
    await order.waitFor();
    expect(await order.textContent()).toContain('отозван');
    expect(await order.textContent()).toContain('Переведён в другой отдел');
    await chooseOption(page, page.getByTestId('effective-person'), operatorId);
    await page.getByTestId('effective-CONTACT').filter({ hasText: 'отозван' }).waitFor();
    await shoot(page, '18-officer-order-revoked');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('a request filed through the API is in the queue by deadline, overdue ones marked; the officer completes it and the subject sees it completed (P15)', async () => {
    const subjectToken = await subjectLogin(c.t, subjectEmail);
    // One filed eight days ago (on the in-process app's clock): long past its deadline.
    c.t.clock.advanceDays(-8);
    const lateToken = await subjectLogin(c.t, subjectEmail);
    const late = await mine(c.t, lateToken).file({
      type: 'BLOCKING',
      details: 'Прошу заблокировать',
    });
    c.t.clock.reset();
    expect(late.status).toBe(201);
    const filed = await mine(c.t, subjectToken).file({
      type: 'INFORMATION',
      details: 'Какие данные обо мне хранятся?',
    });
    expect(filed.status).toBe(201);
    const id = filed.body.id as string;

    const { page, problems } = await signIn(c, officer.email, STAFF_PASSWORD);
    await open(page, 'requests');
    const rows = page.getByTestId('requests').locator('tbody tr');
    await rows.nth(1).waitFor();
    expect(await rows.nth(0).getAttribute('data-testid')).toBe(`request-${late.body.id}`);
    expect(await rows.nth(0).getAttribute('class')).toBe('overdue');
    expect(await rows.nth(0).getByTestId('deadline').textContent()).toContain('просрочено');
    const row = page.getByTestId(`request-${id}`);
    expect(await row.getByTestId('deadline').textContent()).toMatch(
      /(остал(ся|ось) \d рабоч(ий день|их дня|их дней)|срок сегодня) \d/,
    );
    await shoot(page, '19-officer-requests-queue');

    await pressButton(page, 'Открыть запрос: Сведения о ПД', row);
    await page.getByTestId('request-card').waitFor();
    await hasFocus(page.locator('#request-card'));
    await pressButton(page, 'Взять в работу');
    await noticeSays(page, 'Запрос взят в работу.');
    expect(await row.textContent()).toContain('на рассмотрении');
    await pressButton(page, 'Исполнить…');
    expect(await page.getByTestId('effect').textContent()).toBe(
      'Субъекту сообщат, что отчёт о его ПД готов в личном кабинете.',
    );
    await shoot(page, '20-officer-request-complete');
    await pressButton(page, 'Подтвердить исполнение');
    await noticeSays(page, 'Запрос исполнен');
    // Re-fetched after the action: no longer in the open queue.
    await row.waitFor({ state: 'detached' });
    await chooseOption(page, page.getByTestId('requests-filter'), 'COMPLETED');
    expect(await page.getByTestId(`request-${id}`).textContent()).toContain('исполнен');
    expect(problems).toEqual([]);
    await page.context().close();

    const seen = await c.t.http().get(`/api/v1/me/requests/${id}`).set(bearer(subjectToken));
    expect(seen.status).toBe(200);
    expect(seen.body.status).toBe('COMPLETED');
  });

  it('the auditor runs verify and sees the result, then filters the trail (P16)', async () => {
    const { page, problems } = await signIn(c, auditor.email, STAFF_PASSWORD);
    expect(page.url()).toMatch(/#\/pledge$/);
    await open(page, 'audit');
    await pressButton(page, 'Проверить журнал');
    const result = page.getByTestId('verify-result');
    await result.waitFor();
    expect(await result.textContent()).toMatch(
      /^Журнал цел\. Проверено цепочек: \d+, записей: \d+ за \d+ мс\.$/,
    );
    await shoot(page, '21-auditor-verified');

    await chooseOption(page, page.getByLabel('Действие', { exact: true }), 'ORDER_REVOKE');
    await pressButton(page, 'Найти');
    const entries = page.getByTestId('audit-entries');
    await entries.waitFor();
    expect(await entries.locator('tbody tr').count()).toBe(1);
    expect(await entries.locator('tbody tr').textContent()).toContain('ORDER_REVOKE');
    await shoot(page, '22-auditor-trail');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('the officer publishes a significant policy version and sees who has yet to accept it and the notices queued (P20)', async () => {
    const { page, problems } = await signIn(c, officer.email, STAFF_PASSWORD);
    await open(page, 'policy');
    await typeInto(page, 'Обозначение редакции', 'v-console-2');
    await typeInto(page, 'Текст политики (на русском)', 'Новая редакция политики');
    await check(
      page,
      'Существенное изменение: субъектам уйдёт уведомление, и они должны принять новую редакцию',
    );
    await pressButton(page, 'Опубликовать');
    await noticeSays(page, 'Редакция опубликована; поставлено уведомлений: 1.');
    await page.getByTestId('policy-pending').filter({ hasText: 'Субъектов: 1' }).waitFor();
    expect(await page.getByTestId('policy-notices').textContent()).toContain('в очереди1');
    await shoot(page, '23-officer-policy');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('an open incident shows its breach-notice deadline; the officer lifts it with a note (P16)', async () => {
    const suspect = await createStaff(c.t, [Role.OPERATOR]);
    const opened = await c.t
      .http()
      .post('/api/v1/incidents')
      .set(bearer(officer.token))
      .send({ actorId: suspect.id, actorKind: 'staff', description: 'Подозрительная выгрузка' });
    expect(opened.status).toBe(201);

    const { page, problems } = await signIn(c, officer.email, STAFF_PASSWORD);
    await open(page, 'incidents');
    const table = page.getByTestId('incidents');
    await table.waitFor();
    expect(await table.textContent()).toContain('Подозрительная выгрузка');
    expect(await table.getByTestId('deadline').textContent()).toMatch(
      /(остал(ся|ось) \d рабоч(ий день|их дня|их дней)|срок сегодня) \d/,
    );
    await shoot(page, '24-officer-incidents');
    await pressButton(page, 'Снять');
    await hasFocus(page.getByLabel('Заключение (обязательно)', { exact: true }));
    await page.keyboard.type('Выгрузка согласована с руководителем');
    await page.keyboard.press('Enter');
    await noticeSays(page, 'Инцидент снят.');
    await page.getByTestId('no-incidents').waitFor();
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('the officer records a country decision on the third parties screen, and the auditor sees the media register (P13, P14, P11.3)', async () => {
    const { page, problems } = await signIn(c, officer.email, STAFF_PASSWORD);
    await open(page, 'third-parties');
    await typeInto(page, 'Код страны (ISO, две буквы)', 'de');
    await typeInto(page, 'Обоснование', 'Конвенция 108');
    await pressButton(page, 'Записать решение');
    await noticeSays(page, 'Решение по стране DE записано.');
    expect(await page.getByTestId('countries').textContent()).toContain('Конвенция 108');
    await shoot(page, '25-officer-third-parties');
    expect(problems).toEqual([]);
    await page.context().close();

    const auditing = await signIn(c, auditor.email, STAFF_PASSWORD);
    await open(auditing.page, 'media');
    await auditing.page.getByRole('heading', { level: 1, name: 'Реестр носителей' }).waitFor();
    // The auditor reads the register; destroying a medium is the officer's.
    expect(await auditing.page.getByRole('button', { name: 'Уничтожить' }).count()).toBe(0);
    await shoot(auditing.page, '26-auditor-media');
    expect(auditing.problems).toEqual([]);
    await auditing.page.context().close();
  });

  it('an administrator proposes the officer role, which waits for a second person; an officer approves it (P9)', async () => {
    const fresh = await createStaff(c.t, [Role.OPERATOR]);
    const admin = await signIn(c, ADMIN_EMAIL, ADMIN_PASSWORD);
    const propose = admin.page.getByTestId('propose-roles');
    await propose.locator(`option[value="${fresh.id}"]`).waitFor({ state: 'attached' });
    await chooseOption(admin.page, propose.getByLabel('Сотрудник', { exact: true }), fresh.id);
    await tabToElement(admin.page, propose.getByLabel('Ответственный за ПД', { exact: true }));
    await admin.page.keyboard.press('Space');
    await pressButton(admin.page, 'Предложить');
    await noticeSays(admin.page, 'Изменение ждёт одобрения ответственным за ПД.');
    await admin.page.getByTestId('proposals').waitFor();
    // The administrator proposes; approving is an officer's, so no button here.
    expect(await admin.page.getByRole('button', { name: /^Одобрить/ }).count()).toBe(0);
    await shoot(admin.page, '27-admin-proposal');
    expect(admin.problems).toEqual([]);
    await admin.page.context().close();

    const desk = await signIn(c, officer.email, STAFF_PASSWORD);
    const approve = desk.page.getByTestId('proposals').getByRole('button', { name: /^Одобрить/ });
    await approve.waitFor();
    // The officer reads each service client's grants on the same screen.
    const grants = desk.page.getByTestId('client-grants');
    expect(await grants.textContent()).toContain(billingClientId.slice(0, 8));
    expect(await grants.textContent()).toContain('выгрузка');
    await shoot(desk.page, '28-officer-people-approves-and-client-grants');
    await tabToElement(desk.page, approve);
    await desk.page.keyboard.press('Enter');
    await noticeSays(desk.page, 'Изменение ролей одобрено.');
    await desk.page.getByTestId('proposals').waitFor({ state: 'detached' });
    const roles = await c.t.http().get(`/api/v1/staff/${fresh.id}`).set(bearer(officer.token));
    expect(roles.body.roles).toEqual(expect.arrayContaining(['COMPLIANCE_OFFICER', 'OPERATOR']));
    expect(desk.problems).toEqual([]);
    await desk.page.context().close();
  });

  it('ran axe on every screen with no serious or critical violation, each with a screenshot', () => {
    expect(screens).toHaveLength(19);
  });
});
