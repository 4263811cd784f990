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
}
