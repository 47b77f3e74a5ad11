import type { z } from 'zod';
import type { ApiMethod, ApiTable, EventName, EventPayload } from './api';

/**
 * What a host implements: every API method, receiving the already-validated input. The same
 * service object sits behind Electron IPC, the utility process and the loopback HTTP host.
 */
export type EcgService = {
  [M in ApiMethod]: (input: z.output<ApiTable[M]['input']>) => Promise<z.input<ApiTable[M]['output']>>;
} & {
  subscribe(listener: <E extends EventName>(event: E, payload: EventPayload<E>) => void): () => void;
};
