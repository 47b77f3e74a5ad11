import type { ParentChannel } from './runtime';

interface ParentPortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

/**
 * Electron gives a utility process `process.parentPort`; a Node child forked with an IPC channel has
 * `process.send`. Supporting both lets the same worker run under plain Node in tests.
 */
export function getParentChannel(proc: NodeJS.Process = process): ParentChannel {
  const parentPort = (proc as unknown as { parentPort?: ParentPortLike }).parentPort;
  if (parentPort) {
    return { post: (m) => parentPort.postMessage(m), onMessage: (l) => parentPort.on('message', (e) => l(e.data)) };
  }
  const send = proc.send?.bind(proc);
  if (send) return { post: (m) => void send(m), onMessage: (l) => void proc.on('message', l) };
  throw new Error('the engine worker needs a parent: start it with utilityProcess.fork or child_process.fork');
}
