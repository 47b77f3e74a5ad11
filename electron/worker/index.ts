// Entry of the engine utility process (bundled to dist/electron/worker/index.cjs).
import { getLogger } from '../engine/util/log';
import { getParentChannel } from './parent-channel';
import { startWorkerRuntime } from './runtime';

startWorkerRuntime(getParentChannel(), () => { throw new Error('service not wired yet'); }, getLogger('worker'));
