/** A one-line progress indicator for terminals; callers use JSON lines when output is not a TTY. */
export function createProgressLine(write: (s: string) => void, label: string) {
  let last = 0;
  return {
    update(done: number, total: number | null, detail = '') {
      const now = Date.now();
      if (now - last < 80 && (total === null || done < total)) return;
      last = now;
      const bar = total
        ? `[${'#'.repeat(Math.round((done / total) * 24)).padEnd(24, '.')}] ${done}/${total}`
        : `${done}`;
      write(`\r\x1b[2K${label} ${bar} ${detail.slice(-60)}`);
    },
    end() {
      write('\r\x1b[2K');
    },
  };
}
