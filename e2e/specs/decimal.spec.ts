/**
 * Numbers typed the Vietnamese way (issue: "39,2" °C became 392 and "7,4" kg became 74). Every
 * number field of the visit form, the triage form and the child screening takes a decimal comma
 * and a decimal point alike, stores the same value, and refuses an ambiguous "1.234,5" with a message.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, BASE_URL, launch, newSession } from '../lib/browser.ts';
import { PatientPage } from '../pages/PatientPage.ts';

interface Summary { id: string; fullName: string; sex: string; birthDate: string; facilityId: string }
interface Obs { code: string; value: number; effectiveAt: string; encounterId: string }

const monthsOld = (birthDate: string) => (Date.now() - Date.parse(`${birthDate}T00:00:00Z`)) / (30.4375 * 86_400_000);

/** value typed with a comma, the same with a point, and the number the server must store. */
const VISIT_FIELDS: Array<[key: string, loinc: string, comma: string, point: string, value: number]> = [
  ['respRate', '9279-1', '18', '18', 18],
  ['spo2', '59408-5', '96,5', '96.5', 96.5],
  ['pulse', '8867-4', '88', '88', 88],
  ['systolicBP', '8480-6', '128', '128', 128],
  ['diastolicBP', '8462-4', '82', '82', 82],
  ['temperatureC', '8310-5', '39,2', '39.2', 39.2],
  ['weightKg', '29463-7', '70,5', '70.5', 70.5],
  ['heightCm', '8302-2', '165,5', '165.5', 165.5],
  ['muacMm', '56072-2', '265', '265', 265],
];

describe('decimal comma and point in every number field (Chromium, vi)', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let adult: Summary;

  const latestVisitObs = async (patientId: string) => {
    const obs = (await (await context.request.get(`${BASE_URL}/api/patients/${patientId}/observations?category=vital-signs&limit=1000`)).json()) as Obs[];
    const latest = obs.reduce((a, b) => (a.effectiveAt > b.effectiveAt ? a : b));
    return obs.filter((o) => o.encounterId === latest.encounterId);
  };

  beforeAll(async () => {
    browser = await launch();
    ({ context, page } = await newSession(browser));
    await apiLogin(context, 'bs.lan');
    const list = (await (await context.request.get(`${BASE_URL}/api/patients?limit=100`)).json()) as { items: Summary[] };
    const found = list.items.find((p) => monthsOld(p.birthDate) > 30 * 12);
    if (!found) throw new Error('no adult demo patient');
    adult = found;
  });
  afterAll(() => browser?.close());

  for (const form of ['comma', 'point'] as const) {
    it(`visit form: values typed with a ${form} are stored exactly`, async () => {
      await page.goto(`${BASE_URL}/patients/${adult.id}`);
      const pp = new PatientPage(page);
      await pp.openVisitForm();
      for (const [key, , comma, point] of VISIT_FIELDS) await pp.fillVital(key, form === 'comma' ? comma : point);
      await pp.save();
      await pp.form().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
      await expect.poll(async () => (await latestVisitObs(adult.id)).length, { timeout: 10_000 }).toBeGreaterThanOrEqual(VISIT_FIELDS.length);
      const obs = await latestVisitObs(adult.id);
      for (const [key, loinc, , , value] of VISIT_FIELDS) expect(obs.find((o) => o.code === loinc)?.value, key).toBe(value);
    });
  }

  it('visit form: shows the point typed as a comma in Vietnamese, and refuses an ambiguous number', async () => {
    await page.goto(`${BASE_URL}/patients/${adult.id}`);
    const pp = new PatientPage(page);
    await pp.openVisitForm();
    await pp.fillVital('temperatureC', '37.8');
    await page.getByTestId('vital-weightKg').focus();
    expect(await page.getByTestId('vital-temperatureC').inputValue()).toBe('37,8');
    await pp.fillVital('weightKg', '1.234,5');
    await pp.save();
    await expect.poll(() => pp.fieldError('weightKg')).toContain('một dấu thập phân');
  });

  it('triage form: a temperature typed with a comma reaches the queue entry as 38.6', async () => {
    const me = (await (await context.request.get(`${BASE_URL}/api/auth/me`)).json()) as { facilities: { id: string }[] };
    await page.goto(`${BASE_URL}/triage`);
    await page.getByTestId('tri-patient').click();
    await page.getByTestId('tri-patient').fill(adult.fullName.split(' ').slice(-1)[0]!);
    await page.getByRole('option', { name: new RegExp(adult.fullName) }).first().click();
    await page.getByTestId('tri-temperatureC').fill('38,6');
    await page.getByTestId('tri-heartRate').fill('96');
    await page.getByTestId('tri-submit').click();
    await expect.poll(async () => {
      const q = (await (await context.request.get(`${BASE_URL}/api/triage/queue?facilityId=${me.facilities[0]!.id}`)).json()) as Array<{ patientId: string; inputs?: { vitals?: { temperatureC?: number } } }>;
      return q.find((e) => e.patientId === adult.id)?.inputs?.vitals?.temperatureC;
    }, { timeout: 10_000 }).toBe(38.6);
  });
});

describe('child screening with a decimal comma (station, Chromium, vi)', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    browser = await launch();
    ({ context, page } = await newSession(browser));
    await apiLogin(context, 'yt.tuan');
  });
  afterAll(() => browser?.close());

  it('stores 7,4 kg as 7.4 kg (not 74) and 68,5 cm as 68.5 cm', async () => {
    const items: Summary[] = [];
    for (let offset = 0; offset < 20_000; offset += 100) {
      const p = (await (await context.request.get(`${BASE_URL}/api/patients?limit=100&offset=${offset}`)).json()) as { items: Summary[]; total: number };
      items.push(...p.items);
      if (offset + 100 >= p.total) break;
    }
    const child = items.find((p) => p.sex !== 'other' && monthsOld(p.birthDate) >= 7 && monthsOld(p.birthDate) < 23);
    if (!child) throw new Error('no demo child aged 7–23 months at the stations');
    await page.goto(`${BASE_URL}/patients/${child.id}/screening?kind=nutrition`);
    await page.getByTestId('scr-form').waitFor();
    await page.getByTestId('scr-weightKg').fill('7,4');
    await page.getByTestId('scr-lengthOrHeightCm').fill('68,5');
    await page.getByTestId('scr-muacMm').fill('130');
    await page.getByTestId('scr-save').click();
    await page.getByTestId('scr-classification').waitFor();
    const s = (await (await context.request.get(`${BASE_URL}/api/patients/${child.id}/screenings`)).json()) as Array<{ kind: string; inputs: { weightKg?: number; lengthOrHeightCm?: number } }>;
    expect(s[0]?.inputs).toMatchObject({ weightKg: 7.4, lengthOrHeightCm: 68.5 });
  });
});
