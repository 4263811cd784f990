import type { Page } from 'playwright-core';
import { BASE_URL } from '../lib/browser.ts';

/** Text fields of the register-a-tool form, by the form's keys (inputs carry data-testid="rt-<key>"). */
export type RegisterField =
  | 'id' | 'name' | 'version' | 'releasedAt' | 'developer' | 'architecture' | 'inputs' | 'outputs' | 'approval'
  | 'summary' | 'intendedUse' | 'intendedUsers' | 'population' | 'outOfScope' | 'warnings' | 'riskRationale'
  | 'licence' | 'portalDate' | 'portalReference' | 'trainingData' | 'evaluation' | 'fairnessAssessment'
  | 'usefulness' | 'fairnessMetrics' | 'safetyMetrics' | 'claimAuroc' | 'claimSensitivity' | 'claimSpecificity' | 'threshold';

/** The governance officer's "register an AI tool" page (/governance/register). */
export class RegisterToolPage {
  constructor(private readonly page: Page) {}
  async open() {
    await this.page.goto(`${BASE_URL}/governance/register`);
  }
  form() {
    return this.page.getByTestId('register-tool-form');
  }
  async fill(fields: Partial<Record<RegisterField, string>>) {
    for (const [k, v] of Object.entries(fields)) {
      if (v === undefined) continue;
      const input = this.page.getByTestId(`rt-${k}`);
      await input.fill(v);
      if (k === 'releasedAt' || k === 'portalDate') await input.press('Tab'); // closes the calendar popover
    }
  }
  async riskTier(tier: 'high' | 'medium' | 'low') {
    await this.page.getByTestId(`rt-riskTier-${tier}`).click();
  }
  /** Picks an option of a select field by its visible label. */
  async choose(key: 'kind' | 'portalStatus', label: string) {
    await this.page.getByTestId(`rt-${key}`).click();
    await this.page.getByRole('option', { name: label, exact: true }).click();
  }
  async submit() {
    await this.page.getByTestId('register-submit').click();
  }
  /** The validation message under a field (Mantine links it through aria-describedby), or null. */
  async fieldError(key: RegisterField) {
    const ids = (await this.page.getByTestId(`rt-${key}`).getAttribute('aria-describedby')) ?? '';
    const id = ids.split(' ').find((x) => x.endsWith('-error'));
    return id ? this.page.locator(`[id="${id}"]`).textContent() : null;
  }
}
