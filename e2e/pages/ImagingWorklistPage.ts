import type { Page } from 'playwright-core';
import { BASE_URL } from '../lib/browser.ts';

/** A file for the file chooser: bytes with a name. */
export interface UploadFile { name: string; mimeType: string; buffer: Buffer }

/** The reading worklist (/imaging): upload, AI result import, filter, rows in order. */
export class ImagingWorklistPage {
  constructor(private readonly page: Page) {}
  async open() {
    await this.page.goto(`${BASE_URL}/imaging`);
    await this.page.getByTestId('imaging-worklist').waitFor();
  }
  /** Picks the files in the upload button's file chooser and waits for the per-file result. */
  async upload(files: UploadFile[]) {
    await this.closeResults();
    const chooser = this.page.waitForEvent('filechooser');
    await this.page.getByTestId('imaging-upload').click();
    await (await chooser).setFiles(files);
    await this.uploadResult().waitFor();
  }
  uploadResult() {
    return this.page.getByTestId('imaging-upload-result');
  }
  uploadedFile(name: string) {
    return this.uploadResult().getByTestId('imaging-upload-file').filter({ hasText: name });
  }
  async importResults(file: UploadFile) {
    await this.closeResults();
    const chooser = this.page.waitForEvent('filechooser');
    await this.page.getByTestId('imaging-import').click();
    await (await chooser).setFiles(file);
    await this.importResult().waitFor();
  }
  importResult() {
    return this.page.getByTestId('imaging-import-result');
  }
  /** Closes the upload and import results, so that the next one is seen arriving. */
  async closeResults() {
    for (const id of ['imaging-upload-result', 'imaging-import-result']) {
      const box = this.page.getByTestId(id);
      if (await box.count()) {
        await box.locator('.mantine-Alert-closeButton').click();
        await box.waitFor({ state: 'detached' });
      }
    }
  }
  async filter(label: string) {
    await this.page.getByTestId('imaging-filter').getByText(label, { exact: true }).click();
  }
  rows() {
    return this.page.getByTestId('imaging-row');
  }
  /** Study ids of the rows, top to bottom. */
  async studyIds(): Promise<string[]> {
    return this.rows().evaluateAll((rows) => rows.map((r) => r.getAttribute('data-study-id') ?? ''));
  }
  row(studyId: string) {
    return this.page.locator(`[data-testid="imaging-row"][data-study-id="${studyId}"]`);
  }
  async openStudy(studyId: string) {
    await this.row(studyId).click();
    await this.page.getByTestId('imaging-canvas').waitFor();
  }
}
