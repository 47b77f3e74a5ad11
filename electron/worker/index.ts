// Entry of the engine utility process (bundled to dist/electron/worker/index.cjs): the same engine
// service the CLI and the loopback host run, answering main over parentPort.
import { getLogger } from '../engine/util/log';
import { createWorkerService } from './create-service';
import { getParentChannel } from './parent-channel';
import { startWorkerRuntime } from './runtime';

startWorkerRuntime(getParentChannel(), createWorkerService, getLogger('worker'));
