import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REFUSAL_CODES } from '../../common/schemas/image';
import { Lead } from '../../common/schemas/signal';
import { digitizeImage } from '../../electron/engine/digitize/digitize-image';
import { hasSharedData, SCANS_DIR } from '../support/shared-data';

describe.skipIf(!hasSharedData(SCANS_DIR))('digitizing the real scans', () => {
  it('ends every file ok, partial or refused with a reason, and returns valid leads', async () => {
    const files = [
      ...readdirSync(SCANS_DIR)
        .filter((f) => /\.(png|jpe?g|bmp)$/i.test(f))
        .map((f) => path.join(SCANS_DIR, f)),
      ...readdirSync(path.join(SCANS_DIR, 'segments')).map((f) => path.join(SCANS_DIR, 'segments', f)),
    ];
    expect(files.length).toBeGreaterThan(60);
    const tally: Record<string, number> = {};
    for (const f of files) {
      const r = await digitizeImage(f);
      tally[r.status] = (tally[r.status] ?? 0) + 1;
      expect(['ok', 'partial', 'refused']).toContain(r.status);
      if (r.status === 'refused') {
        expect(r.reasons).toHaveLength(1);
        expect(REFUSAL_CODES as readonly string[]).toContain(r.reasons[0]!.code);
        expect(r.leads).toHaveLength(0);
      } else {
        expect(r.leads.length).toBeGreaterThan(0);
        if (r.status === 'partial') expect(r.reasons.length).toBeGreaterThan(0);
        for (const lead of r.leads) {
          expect(() => Lead.parse(lead)).not.toThrow();
          expect(lead.quality.flat).toBe(false);
        }
      }
    }
    console.info(`real scans: ${JSON.stringify(tally)} of ${files.length}`);
    // Most of these are plain printouts: the digitizer must read the bulk of them.
    expect((tally.ok ?? 0) + (tally.partial ?? 0)).toBeGreaterThan(files.length * 0.75);
  });
});
