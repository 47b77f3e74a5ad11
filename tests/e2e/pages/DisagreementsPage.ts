import { expect, type Page } from '@playwright/test';

/** Disagreement queue with the reviewers' kappa figures. */
export class DisagreementsPage {
  constructor(readonly page: Page) {}

  readonly root = () => this.page.getByTestId('disagreement-screen');
  readonly grid = () => this.page.getByRole('grid', { name: 'Disagreements' });

  async open() {
    await this.page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Disagreements' }).click();
    await expect(this.root()).toBeVisible();
    await expect(this.page.getByTestId('kappa-summary')).toBeVisible();
  }

  async total(): Promise<number> {
    await expect(this.grid()).toHaveAttribute('data-total', /\d+/);
    return Number(await this.grid().getAttribute('data-total'));
  }
}
