import { expect, type Page } from '@playwright/test';

/** Statistics: class counts, confusion matrix (d3), agreement. */
export class StatsPage {
  constructor(readonly page: Page) {}

  readonly root = () => this.page.getByTestId('stats-screen');

  async open() {
    await this.page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Statistics' }).click();
    await expect(this.root()).toBeVisible();
  }

  /** The numbers printed in the confusion matrix's cells, row by row. */
  async confusionCells(): Promise<number[]> {
    const texts = await this.root()
      .getByRole('img', { name: /Confusion matrix/ })
      .locator('g.cell text')
      .allTextContents();
    return texts.map(Number);
  }
}
