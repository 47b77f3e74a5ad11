import { expect, type Page } from '@playwright/test';

/** Start screen: reviewer name on first use, open a folder, recent review sets. */
export class StartPage {
  constructor(readonly page: Page) {}

  readonly root = () => this.page.getByTestId('start-screen');
  readonly folderInput = () => this.page.getByLabel('Folder', { exact: true });

  async open(url: string) {
    await this.page.goto(url);
    await expect(this.root()).toBeVisible();
  }

  /** Answer the first-use dialog when it shows. */
  async setReviewerIfAsked(name: string) {
    const dialog = this.page.getByTestId('reviewer-dialog');
    await this.page.waitForLoadState('networkidle');
    if (await dialog.isVisible()) {
      await dialog.getByLabel('Name').fill(name);
      await dialog.getByRole('button', { name: 'Save' }).click();
      await expect(dialog).toBeHidden();
    }
  }

  async startBatch(folder?: string) {
    if (folder) await this.folderInput().fill(folder);
    await expect(this.folderInput()).not.toHaveValue('');
    await this.page.getByRole('button', { name: 'Start batch' }).click();
  }
}
