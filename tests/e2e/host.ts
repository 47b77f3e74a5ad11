import { test as base } from '@playwright/test';

/** What tests/support/start-host.ts (the lead's helper) gives: the loopback host over the real service. */
export interface TestHost {
  url: string;
  origin: string;
  token: string;
  /** The folder of rendered images it was started on, when the helper says. */
  folder?: string;
  close(): Promise<void>;
}
interface StartHostModule {
  startTestHost(opts?: { folder?: string }): Promise<TestHost>;
}

// ECG_E2E_HOST_MODULE lets a developer point the suite at another host module; the default is the real one.
const HOST_MODULE = process.env.ECG_E2E_HOST_MODULE ?? '../support/start-host';

export const test = base.extend<object, { host: TestHost }>({
  host: [
    async ({}, use) => {
      const mod = (await import(HOST_MODULE)) as StartHostModule;
      const host = await mod.startTestHost(process.env.ECG_E2E_FOLDER ? { folder: process.env.ECG_E2E_FOLDER } : {});
      await use(host);
      await host.close();
    },
    { scope: 'worker', timeout: 5 * 60_000 },
  ],
});

export { expect } from '@playwright/test';
