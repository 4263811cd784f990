import type { Page } from 'playwright-core';

export class PatientPage {
  constructor(private readonly page: Page) {}
  name() {
    return this.page.getByTestId('patient-name');
  }
  async openVisitForm() {
    await this.page.getByTestId('new-visit').click();
    await this.page.getByTestId('new-visit-form').waitFor();
  }
  async fillVital(key: string, value: string) {
    await this.page.getByTestId(`vital-${key}`).fill(value);
  }
  async save() {
    await this.page.getByTestId('visit-save').click();
  }
  latest(key: string) {
    return this.page.getByTestId(`latest-${key}`);
  }
  form() {
    return this.page.getByTestId('new-visit-form');
  }
  /** The validation message under a vital's input (Mantine links it through aria-describedby), or null. */
  async fieldError(key: string) {
    const ids = (await this.page.getByTestId(`vital-${key}`).getAttribute('aria-describedby')) ?? '';
    const id = ids.split(' ').find((x) => x.endsWith('-error'));
    return id ? this.page.locator(`[id="${id}"]`).textContent() : null;
  }
  /** Every point drawn on the vitals chart (recharts draws one dot per value per shown series). */
  chartDots() {
    return this.page.locator('[data-testid="vitals-chart"] .recharts-line-dots circle');
  }
}
