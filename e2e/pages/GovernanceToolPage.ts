import type { Page } from 'playwright-core';
import { BASE_URL } from '../lib/browser.ts';

/** The registry (/governance) and a tool's page (/governance/tools/:id). */
export class GovernanceToolPage {
  constructor(private readonly page: Page) {}
  async openRegistry() {
    await this.page.goto(`${BASE_URL}/governance`);
    await this.page.getByRole('heading', { name: 'Danh mục công cụ AI' }).waitFor();
  }
  registerButton() {
    return this.page.getByTestId('register-tool');
  }
  registryRow(toolId: string) {
    return this.page.getByTestId(`registry-row-${toolId}`);
  }
  /** The tool's global stage in the registry, as shown. */
  registryStage(toolId: string) {
    return this.page.getByTestId(`registry-stage-${toolId}`).textContent();
  }
  async open(toolId: string) {
    await this.page.goto(`${BASE_URL}/governance/tools/${toolId}`);
    await this.page.getByTestId('versions-card').waitFor();
  }
  /** Moves the tool to the stage with this (Vietnamese) label, giving a reason. */
  async changeStage(stageLabel: string, reason: string) {
    await this.page.getByTestId('stage-select').click();
    await this.page.getByRole('option', { name: stageLabel, exact: true }).click();
    await this.page.getByLabel('Lý do').fill(reason);
    await this.page.getByTestId('stage-save').click();
  }
  async addVersion(version: string, notes: string) {
    await this.page.getByTestId('ver-version').fill(version);
    await this.page.getByTestId('ver-notes').fill(notes);
    await this.page.getByTestId('ver-submit').click();
    return this.page.getByTestId('ver-result');
  }
  /** The stage badge beside the tool's name (its global stage), as shown. */
  stage() {
    return this.page.getByTestId('tool-stage').textContent();
  }
}
