import { expect, type Locator, type Page } from '@playwright/test';

/** Beats screen: virtualised grid, filters, keyboard labelling, find similar, beat detail. */
export class ReviewPage {
  constructor(readonly page: Page) {}

  readonly root = () => this.page.getByTestId('review-screen');
  readonly grid = () => this.page.getByRole('grid', { name: 'Beats' });
  readonly cell = (index: number): Locator => this.grid().locator(`[role="gridcell"][data-index="${index}"]`);
  readonly detail = () => this.page.getByTestId('beat-detail');

  async waitForThumbnails() {
    await expect(this.root()).toBeVisible();
    await expect(this.cell(0)).toHaveAttribute('data-beat-id', /.+/);
  }

  async total(): Promise<number> {
    return Number(await this.grid().getAttribute('data-total'));
  }

  async beatId(index: number): Promise<string> {
    await expect(this.cell(index)).toHaveAttribute('data-beat-id', /.+/);
    return (await this.cell(index).getAttribute('data-beat-id'))!;
  }

  async labelOf(index: number) {
    return this.cell(index).getAttribute('data-label');
  }

  async click(index: number, modifiers: ('Shift' | 'ControlOrMeta')[] = []) {
    await this.cell(index).click({ modifiers });
  }

  async press(key: string) {
    await this.page.keyboard.press(key);
  }

  /** Press a class key on the focused beat and wait until the store's answer shows in the grid. */
  async labelFocused(index: number, key: string) {
    await expect(this.cell(index)).toHaveClass(/focused/);
    await this.press(key);
    await expect(this.cell(index)).toHaveAttribute('data-label', key.toUpperCase());
  }

  async findSimilar(): Promise<string[]> {
    const answer = this.page.waitForResponse((r) => r.url().endsWith('/api/findSimilar'));
    await this.press('m');
    const body = (await (await answer).json()) as { ok: boolean; value: { beatIds: string[] } };
    expect(body.ok).toBe(true);
    return body.value.beatIds;
  }

  async selectedCount(): Promise<number> {
    const text = await this.page.getByTestId('selection-count').innerText();
    const m = /(\d[\d,]*) selected/.exec(text);
    return m ? Number(m[1]!.replace(/,/g, '')) : 0;
  }

  async waitForDetail(beatId: string) {
    await expect(this.detail().getByTestId('detail-predicted')).toBeVisible();
    await expect(this.detail()).not.toHaveClass(/stale/);
    await expect(this.page.locator(`[data-beat-id="${beatId}"].focused`)).toHaveCount(1);
  }
}
