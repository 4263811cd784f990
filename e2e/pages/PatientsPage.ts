import type { Page } from 'playwright-core';

export class PatientsPage {
  constructor(private readonly page: Page) {}
  async waitReady() {
    await this.page.getByTestId('patient-table').waitFor();
  }
  async search(text: string) {
    await this.page.getByTestId('patient-search').fill(text);
  }
  rows() {
    return this.page.getByTestId('patient-row');
  }
  async openPatient(name: string) {
    await this.rows().filter({ hasText: name }).first().click();
    await this.page.getByTestId('patient-name').waitFor();
  }
}
