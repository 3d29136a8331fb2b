import type { Page } from 'playwright-core';
import { handlingOfficer, mine } from '../data-requests/helpers';
import { grantAccess } from '../support/access';
import { bearer, createStaff, inviteStaff, STAFF_PASSWORD } from '../support/actors';
import { registerSubject, setUpBilling, subjectLogin } from '../support/subjects';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../support/test-env';
import { Role } from '../../src/staff/roles';
import { type ConsoleApp, startConsoleApp } from './support/console-app';
import {
  axeAndScreenshot,
  chooseOption,
  openConsole,
  pressButton,
  tabToElement,
  typeInto,
} from './support/pages';

/**
 * Russian text left on a screen in English: every text node, option and accessible
 * attribute with a Cyrillic letter, except inside `[data-value]` (a value from the data,
 * shown as it was written: a name, a policy's text) and `[lang="ru"]` (the switch back
 * to Russian, named in Russian on purpose).
 */
const RUSSIAN_LEFT = `(() => {
  const cyrillic = /[\\u0400-\\u04FF]/;
  const exempt = (el) => !!(el && el.closest('[data-value], [lang="ru"]'));
  const left = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (cyrillic.test(node.textContent) && !exempt(node.parentElement))
      left.push(node.parentElement.tagName.toLowerCase() + ': ' + node.textContent.trim());
  }
  for (const el of document.querySelectorAll('[aria-label], [title], [placeholder], [alt]')) {
    for (const name of ['aria-label', 'title', 'placeholder', 'alt']) {
      const value = el.getAttribute(name);
      if (value && cyrillic.test(value) && !exempt(el)) left.push('@' + name + ': ' + value);
    }
  }
  if (cyrillic.test(document.title)) left.push('title: ' + document.title);
  return left;
})()`;

describe('The console in English: no Russian left on any screen of any role, data aside (issue 15)', () => {
  let c: ConsoleApp;
  const people: { role: string; email: string; password: string }[] = [];
  let subjectId: string;

  beforeAll(async () => {
    c = await startConsoleApp();
    // Data on every screen, written in English, so that any Russian found is the console's.
    const officer = await handlingOfficer(c.t);
    const operator = await createStaff(c.t, [Role.OPERATOR]);
    const auditor = await createStaff(c.t, [Role.AUDITOR]);
    const billing = await setUpBilling(c.t);
    const subject = await registerSubject(c.t, billing);
    subjectId = subject.id;
    // Data written in Russian, shown as written: a subject's name, a staff member's name.
    await grantAccess(c.t, operator, {
      categories: ['IDENTITY', 'CONTACT'],
      operations: ['READ'],
      purposes: ['CONTRACT'],
    });
    await inviteStaff(c.t, [Role.AUDITOR], undefined, {
      email: 'aigerim.akhmetova@pd.test',
      fullName: 'Айгерим Ахметова',
      roles: [Role.AUDITOR],
    });
    const token = await subjectLogin(c.t, subject.email);
    expect(
      (await mine(c.t, token).file({ type: 'INFORMATION', details: 'What do you hold on me?' }))
        .status,
    ).toBe(201);
    // An incident suspends its actor: someone else than the operator who signs in below.
    const suspect = await createStaff(c.t, [Role.OPERATOR]);
    const incident = await c.t
      .http()
      .post('/api/v1/incidents')
      .set(bearer(officer.token))
      .send({ actorId: suspect.id, actorKind: 'staff', description: 'Unusual export' });
    expect(incident.status).toBe(201);
    people.push(
      { role: 'admin', email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
      { role: 'officer', email: officer.email, password: STAFF_PASSWORD },
      { role: 'operator', email: operator.email, password: STAFF_PASSWORD },
      { role: 'auditor', email: auditor.email, password: STAFF_PASSWORD },
    );
  });
  afterAll(() => c?.close());

  async function englishSession(email: string, password: string): Promise<Page> {
    const { page } = await openConsole(c.browser, c.url);
    await pressButton(page, 'Switch to English');
    await page.getByRole('heading', { level: 1, name: 'Staff sign-in' }).waitFor();
    await typeInto(page, 'Email', email);
    await typeInto(page, 'Password', password);
    await page.keyboard.press('Enter');
    await page.getByTestId('who').or(page.getByTestId('error')).first().waitFor();
    if (await page.getByTestId('error').count())
      throw new Error(`sign-in refused: ${await page.getByTestId('error').first().textContent()}`);
    return page;
  }

  it.each(['admin', 'officer', 'operator', 'auditor'])(
    'shows every screen of the %s in English, each with a screenshot and no serious axe violation',
    async (role) => {
      const person = people.find((p) => p.role === role)!;
      const page = await englishSession(person.email, person.password);
      const routes = await page
        .getByRole('navigation')
        .getByRole('link')
        .evaluateAll((links) =>
          links.map((link) => (link as unknown as { dataset: { testid: string } }).dataset.testid),
        );
      expect(routes.length).toBeGreaterThan(2);
      const found: Record<string, string[]> = {};
      for (const testId of routes) {
        const route = testId.replace(/^nav-/, '');
        await tabToElement(page, page.getByTestId(testId));
        await page.keyboard.press('Enter');
        await page.waitForURL(`**/#/${route}`);
        await page.waitForLoadState('networkidle');
        const left = await page.evaluate<string[]>(RUSSIAN_LEFT);
        if (left.length) found[route] = left;
        const violations = await axeAndScreenshot(page, `en-${role}-${route}`);
        expect({ route, violations }).toEqual({ route, violations: [] });
      }
      expect(found).toEqual({});
      await page.context().close();
    },
  );

  it('shows a subject read by the operator in English around the values, which stay as written', async () => {
    const operator = people.find((p) => p.role === 'operator')!;
    const page = await englishSession(operator.email, operator.password);
    await tabToElement(page, page.getByTestId('nav-subject'));
    await page.keyboard.press('Enter');
    await typeInto(page, 'Subject id', subjectId);
    await chooseOption(page, page.getByLabel('Purpose', { exact: true }), 'CONTRACT');
    await pressButton(page, 'Show the data');
    await page.getByTestId('subject-data').waitFor();
    expect(await page.getByTestId('category-IDENTITY').textContent()).toContain('Ахметова');
    expect(await page.getByTestId('category-BANKING').textContent()).toMatch(/withheld$/);
    expect(await page.evaluate<string[]>(RUSSIAN_LEFT)).toEqual([]);
    expect(await axeAndScreenshot(page, 'en-operator-subject-read')).toEqual([]);
    await page.context().close();
  });
});
