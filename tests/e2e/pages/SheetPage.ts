import { expect, type Page } from '@playwright/test';

/** Sheets list and the sheet view: scan with traces, lead switcher, record prediction and record label. */
export class SheetPage {
  constructor(readonly page: Page) {}

  readonly list = () => this.page.getByTestId('sheet-list');
  readonly rows = () => this.list().getByTestId('sheet-row');
  readonly root = () => this.page.getByTestId('sheet-screen');
  readonly image = () => this.page.getByTestId('sheet-image');
  readonly traces = () => this.page.getByTestId('sheet-traces').locator('path');
  readonly saliency = () => this.page.getByTestId('sheet-saliency').locator('rect');
  readonly labelPanel = () => this.page.getByTestId('record-label');
  readonly prediction = () => this.page.getByTestId('record-prediction');

  async openList() {
    await this.page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Sheets' }).click();
    await expect(this.list()).toBeVisible();
  }

  async openSheet(sha256: string) {
    await this.list().locator(`[data-testid="sheet-row"][data-sha="${sha256}"]`).getByRole('button').click();
    await expect(this.root()).toHaveAttribute('data-sha', sha256);
    await expect(this.image()).toBeVisible();
  }

  /** Wait until the scan itself has loaded (the SVG <image> reports its size once decoded). */
  async waitForScan() {
    await expect
      .poll(() =>
        this.image()
          .locator('image')
          .evaluate((el) => (el as SVGImageElement).getBBox().width),
      )
      .toBeGreaterThan(0);
  }

  async shownLead(): Promise<string | null> {
    return this.image().getAttribute('data-lead');
  }

  async selectLead(name: string) {
    await this.page
      .getByRole('toolbar', { name: 'Leads and overlays' })
      .getByRole('button', { name, exact: true })
      .click();
    await expect(this.image()).toHaveAttribute('data-lead', name);
  }

  async press(key: string) {
    // Keys go to the window, as a reviewer's would with nothing focused.
    await this.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await this.page.keyboard.press(key);
  }
}
