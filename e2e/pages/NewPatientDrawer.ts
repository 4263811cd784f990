import type { Page } from 'playwright-core';

export interface NewPatientFields {
  fullName?: string;
  sex?: 'female' | 'male' | 'other';
  /** As typed by a user in Vietnam: dd/mm/yyyy. */
  birthDate?: string;
  cccd?: string;
  bhyt?: string;
  phone?: string;
  province?: string;
  commune?: string;
}

/** The "new patient" drawer on the patient list. */
export class NewPatientDrawer {
  constructor(private readonly page: Page) {}
  async open() {
    await this.page.getByTestId('new-patient').click();
    await this.form().waitFor();
  }
  form() {
    return this.page.getByTestId('new-patient-form');
  }
  async fill(fields: NewPatientFields) {
    // The pickers first: an open date popover would cover their dropdowns.
    const order = (k: string) => (k === 'province' ? 0 : k === 'commune' ? 1 : 2);
    for (const [k, v] of Object.entries(fields).sort((a, b) => order(a[0]) - order(b[0]))) {
      if (v === undefined) continue;
      if (k === 'sex') {
        await this.page.getByTestId(`np-sex-${v}`).click();
        continue;
      }
      const input = this.page.getByTestId(`np-${k}`);
      if (k === 'province' || k === 'commune') {
        // Pickers: type the unit's name, then choose it from the list offered.
        await input.fill('');
        await input.click();
        await input.fill(v);
        await this.page.getByRole('option', { name: v, exact: true }).click();
        continue;
      }
      await input.fill(v);
      if (k === 'birthDate') await input.press('Tab'); // closes the calendar popover
    }
  }
  async save() {
    await this.page.getByTestId('new-patient-save').click();
  }
  /** The validation message under a field (Mantine links it through aria-describedby). */
  async fieldError(key: string) {
    const ids = (await this.page.getByTestId(`np-${key}`).getAttribute('aria-describedby')) ?? '';
    const id = ids.split(' ').find((x) => x.endsWith('-error'));
    return id ? this.page.locator(`[id="${id}"]`).textContent() : null;
  }
  duplicateWarning() {
    return this.page.getByTestId('duplicate-warning');
  }
}
