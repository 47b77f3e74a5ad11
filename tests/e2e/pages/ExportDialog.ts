import { expect, type Page } from '@playwright/test';

/** Export dialog: format, folder, and the list of files written. */
export class ExportDialog {
  constructor(readonly page: Page) {}

  readonly root = () => this.page.getByTestId('export-dialog');

  async open() {
    await this.page.getByRole('button', { name: 'Export…' }).click();
    await expect(this.root()).toBeVisible();
    await expect(this.root()).toHaveAttribute('aria-modal', 'true');
  }

  async exportTo(format: 'CSV' | 'WFDB' | 'JSON', outDir: string): Promise<{ outDir: string; files: string[] }> {
    await this.root().getByLabel(format).check();
    await this.root().getByLabel('Folder to write to').fill(outDir);
    await this.root().getByRole('button', { name: 'Export', exact: true }).click();
    const result = this.root().getByTestId('export-result');
    await expect(result).toBeVisible({ timeout: 60_000 });
    const files = await result.locator('li code').allInnerTexts();
    return { outDir: await result.getByTestId('export-outdir').innerText(), files };
  }

  async close() {
    await this.root().getByRole('button', { name: 'Close' }).first().click();
    await expect(this.root()).toBeHidden();
  }
}
