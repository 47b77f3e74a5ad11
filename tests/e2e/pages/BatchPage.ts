import { expect, type Page } from '@playwright/test';

/** Batch screen: per-stage progress, counts, refused and partial files. */
export class BatchPage {
  constructor(readonly page: Page) {}

  readonly root = () => this.page.getByTestId('batch-screen');
  readonly stage = (name: 'scan' | 'digitize' | 'beats' | 'classify') => this.page.getByTestId(`stage-${name}`);

  /** Wait for the batch to end, recording each stage's bar as it was seen on the way. */
  async waitUntilDone(timeoutMs: number): Promise<{ sawRunning: boolean }> {
    await expect(this.root()).toBeVisible();
    const sawRunning = (await this.root().getAttribute('data-state')) === 'running';
    await expect(this.root()).toHaveAttribute('data-state', /done|cancelled|failed/, { timeout: timeoutMs });
    return { sawRunning };
  }

  async state() {
    return this.root().getAttribute('data-state');
  }

  async stageCounts(name: 'scan' | 'digitize' | 'beats' | 'classify') {
    const bar = this.stage(name).getByRole('progressbar');
    return { done: Number(await bar.getAttribute('value')), max: Number(await bar.getAttribute('max')) };
  }

  async beatsFound(): Promise<number> {
    return Number((await this.page.getByTestId('beats-total').innerText()).replace(/[^0-9]/g, ''));
  }

  async openReview() {
    await this.page.getByTestId('review-beats').click();
  }
}
