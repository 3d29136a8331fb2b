import { startApp, type TestApp } from '../support/app';
import { type Billing, renewBilling, setUpBilling, subjectLogin } from '../support/subjects';
import { signedInSubject } from '../consents/helpers';
import { handlingOfficer, mine, officer } from './helpers';
import { signedInAgain, type StaffActor } from '../support/actors';

const DAY_MS = 86_400_000;
const ALMATY_MS = 5 * 3_600_000;

/** `YYYY-MM-DD` of an Almaty local date. */
const almatyDate = (at: number): string => new Date(at + ALMATY_MS).toISOString().slice(0, 10);
/** The end (23:59:59.999 Almaty) of the Almaty day `date`, as an ISO UTC string. */
const endOf = (date: string): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) - ALMATY_MS + DAY_MS - 1).toISOString();

/**
 * A Friday at 10:00 Almaty time at least a week ahead of the real date, so the clock
 * only moves forward on whatever day the suite runs (sessions expire on that clock, so
 * everyone signs in again after a move); the Wednesday
 * after it is declared a public holiday through PUBLIC_HOLIDAYS.
 */
function nextFriday(): number {
  const local = new Date(Date.now() + ALMATY_MS + 7 * DAY_MS);
  const ahead = (5 - local.getUTCDay() + 7) % 7;
  const day =
    Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) + ahead * DAY_MS;
  return day + 10 * 3_600_000 - ALMATY_MS;
}

describe('Legal deadlines in working days (DESIGN.md "Legal timings", P15)', () => {
  const friday = nextFriday();
  const monday = almatyDate(friday + 3 * DAY_MS);
  const holiday = almatyDate(friday + 5 * DAY_MS);
  const thursday = almatyDate(friday + 6 * DAY_MS);
  let t: TestApp;
  let billing: Billing;
  let handler: StaffActor;

  beforeAll(async () => {
    t = await startApp({ env: { PUBLIC_HOLIDAYS: holiday } });
    billing = await setUpBilling(t);
    handler = await handlingOfficer(t);
    t.clock.advance(friday - Date.now());
    await renewBilling(t, billing);
    handler = await signedInAgain(t, handler);
  });
  afterAll(() => t.close());

  it('gives 1 working day to act on a request filed on Friday: due at the end of Monday (P15.5–P15.7)', async () => {
    const subject = await signedInSubject(t, billing);
    const filed = await mine(t, subject.token).file({ type: 'DELETION' });
    expect(filed.status).toBe(201);
    expect(filed.body.dueAt).toBe(endOf(monday));
  });

  it('gives 3 working days to inform, skipping the weekend and a public holiday (P15.1)', async () => {
    const subject = await signedInSubject(t, billing);
    const filed = await mine(t, subject.token).file({ type: 'INFORMATION' });
    expect(filed.body.dueAt).toBe(endOf(thursday));
  });

  it('lists open requests past their deadline with overdue=true, and drops them once closed', async () => {
    const subject = await signedInSubject(t, billing);
    let me = mine(t, subject.token);
    const blocking = await me.file({ type: 'BLOCKING', details: 'Нарушены условия сбора' });
    const information = await me.file({ type: 'INFORMATION' });
    let desk = officer(t, handler.token);
    const overdueIds = async (): Promise<string[]> => {
      const listed = await desk.list({ overdue: 'true', subjectId: subject.id, limit: '200' });
      return (listed.body.items as Array<{ id: string }>).map((item) => item.id);
    };
    expect(await overdueIds()).toEqual([]);
    // Tuesday: Monday's deadline has passed, Thursday's has not.
    t.clock.advance(4 * DAY_MS);
    me = mine(t, await subjectLogin(t, subject.email));
    desk = officer(t, (await signedInAgain(t, handler)).token);
    expect(await overdueIds()).toEqual([blocking.body.id]);
    const seen = await me.one(blocking.body.id);
    expect(seen.body.overdue).toBe(true);
    expect((await me.one(information.body.id)).body.overdue).toBe(false);
    await desk.assign(blocking.body.id);
    await desk.reject(blocking.body.id, 'Нарушение не подтвердилось');
    expect(await overdueIds()).toEqual([]);
    const notOverdue = await desk.list({ overdue: 'false', subjectId: subject.id });
    expect(notOverdue.body.items.map((item: { id: string }) => item.id)).toEqual(
      expect.arrayContaining([blocking.body.id, information.body.id]),
    );
  });
});
