import { readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';

export const SCREENSHOTS = join(__dirname, '..', 'screenshots');
const REFUSED_CALL = /^Failed to load resource: the server responded with a status of 4\d\d/;
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface ConsolePage {
  page: Page;
  /** Content-Security-Policy violations and uncaught errors seen so far. */
  problems: string[];
}

/** A fresh browser context (nothing shared between people) on the console's first screen. */
export async function openConsole(
  browser: Browser,
  url: string,
  setup?: (page: Page) => Promise<void> | void,
): Promise<ConsolePage> {
  const context = await browser.newContext({
    locale: 'ru-RU',
    // Not Almaty: the console must show Almaty time whatever the browser's zone.
    timezoneId: 'Europe/Berlin',
    viewport: { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // A refused call (401, 409…) is the API answering; the screen shows it.
    if (message.type() === 'error' && !REFUSED_CALL.test(message.text()))
      problems.push(`console: ${message.text()}`);
  });
  if (setup) await setup(page);
  await page.goto(`${url}/console/`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  return { page, problems };
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  targets: string[];
}

/**
 * axe-core on the screen as it is (its source evaluated in the page: the console's CSP
 * would refuse it as a script tag), and a screenshot under test/console/screenshots.
 * Returns the serious and critical violations.
 */
export async function axeAndScreenshot(page: Page, name: string): Promise<AxeViolation[]> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate<AxeViolation[]>(`
    axe.run(document, { resultTypes: ['violations'] }).then((result) =>
      result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        targets: v.nodes.map((node) => node.target.join(' ')),
      })),
    )`);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** The accessible name of the focused element, as a keyboard user hears it. */
async function focusedName(page: Page): Promise<string> {
  return page.evaluate<string>(`(() => {
    const el = document.activeElement;
    if (!el) return '';
    const label = el.labels && el.labels[0] ? el.labels[0].textContent : null;
    return (el.getAttribute('aria-label') || label || el.textContent || '').trim();
  })()`);
}

/** Presses Tab until the element named `name` has the focus (keyboard only, no mouse). */
export async function tabTo(page: Page, name: string | RegExp, most = 60): Promise<void> {
  const seen: string[] = [];
  for (let i = 0; i < most; i += 1) {
    await page.keyboard.press('Tab');
    const focused = await focusedName(page);
    if (typeof name === 'string' ? focused === name : name.test(focused)) return;
    seen.push(focused);
  }
  throw new Error(`Tab never reached "${String(name)}"; it went through: ${seen.join(' | ')}`);
}

/** Tab to a field and type into it. */
export async function tabAndType(page: Page, label: string, text: string): Promise<void> {
  await tabTo(page, label);
  await page.keyboard.type(text);
}

interface FocusState {
  focused: boolean;
  /** The element shows where the keyboard is (an outline or a shadow when focused). */
  visible: boolean;
}

async function focusOn(target: Locator): Promise<FocusState> {
  return target.evaluate((node) => {
    const el = node as unknown as {
      ownerDocument: {
        activeElement: unknown;
        defaultView: { getComputedStyle(e: unknown): { outlineStyle: string; boxShadow: string } };
      };
    };
    const style = el.ownerDocument.defaultView.getComputedStyle(node);
    return {
      focused: el.ownerDocument.activeElement === node,
      visible: style.outlineStyle !== 'none' || style.boxShadow !== 'none',
    };
  });
}

/**
 * Presses Tab (or Shift+Tab) until `target` has the focus, as a keyboard user reaches it:
 * fails when it is never reached or shows no focus indicator there.
 */
export async function tabToElement(page: Page, target: Locator, most = 250): Promise<void> {
  await target.waitFor({ state: 'attached' });
  for (let i = 0; i < most; i += 1) {
    const state = await focusOn(target);
    if (state.focused) {
      if (!state.visible) throw new Error('the focused element shows no focus indicator');
      return;
    }
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${String(target)}`);
}

/** Tabs to a labelled field and types into it, replacing what it held. */
export async function typeInto(page: Page, label: string, text: string): Promise<void> {
  await tabToElement(page, page.getByLabel(label, { exact: true }));
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type(text);
}

/** Tabs to a button by its exact name and presses Enter on it. */
export async function pressButton(
  page: Page,
  name: string | RegExp,
  within?: Locator,
): Promise<void> {
  await tabToElement(page, (within ?? page).getByRole('button', { name, exact: true }).first());
  await page.keyboard.press('Enter');
}

/** Tabs to a checkbox and ticks (or unticks) it with Space. */
export async function check(page: Page, label: string): Promise<void> {
  await tabToElement(page, page.getByLabel(label, { exact: true }));
  await page.keyboard.press('Space');
}

/**
 * Tabs to a closed <select> and moves through its options with the arrow keys (Home, then
 * ArrowDown) until the one whose text or value is `wanted` is chosen.
 */
export async function chooseOption(page: Page, select: Locator, wanted: string): Promise<void> {
  await tabToElement(page, select);
  const chosen = () =>
    select.evaluate((node) => {
      const el = node as unknown as {
        selectedIndex: number;
        options: { text: string; value: string }[];
      };
      const option = el.options[el.selectedIndex];
      return option
        ? {
            text: option.text,
            value: option.value,
            index: el.selectedIndex,
            count: el.options.length,
          }
        : null;
    });
  await page.keyboard.press('Home');
  for (;;) {
    const now = await chosen();
    if (now && (now.text === wanted || now.value === wanted)) return;
    if (!now || now.index >= now.count - 1)
      throw new Error(`no option "${wanted}" in ${String(select)}`);
    await page.keyboard.press('ArrowDown');
  }
}

/** Tabs to a date field and types the day as the Russian locale's segments take it. */
export async function typeDate(page: Page, label: string, isoDay: string): Promise<void> {
  await tabToElement(page, page.getByLabel(label, { exact: true }));
  const [year, month, day] = isoDay.split('-');
  await page.keyboard.type(`${day}${month}${year}`);
}

/**
 * Starts watching for the element `testId`: `focusAtDraw` then names (tag) what had the
 * focus when it was first drawn, seen by a mutation observer in the same task as the
 * render, before any key the user presses next can be handled.
 */
export async function watchFocusAtDraw(page: Page, testId: string) {
  await page.evaluate(`(() => {
    window.__focusAtDraw = undefined;
    const seen = new MutationObserver(() => {
      if (!document.querySelector('[data-testid="${testId}"]')) return;
      window.__focusAtDraw = document.activeElement ? document.activeElement.tagName : '';
      seen.disconnect();
    });
    seen.observe(document.body, { childList: true, subtree: true });
  })()`);
  return { focusAtDraw: () => page.evaluate<string | undefined>('window.__focusAtDraw') };
}
