import type { ImageFormat } from '../../../common/schemas/image';

/**
 * A cheap structural check that the file is whole: header-only decoders (sharp's metadata) accept
 * a truncated PNG or JPEG, but the batch must refuse it up front with its own reason.
 * Returns a message when the file is cut short, null when it looks complete.
 */
export function findTruncation(format: ImageFormat, bytes: Uint8Array): string | null {
  const n = bytes.length;
  switch (format) {
    case 'png': {
      // IEND chunk: length 0, type "IEND", CRC AE 42 60 82, as the last 12 bytes.
      const tail = Buffer.from(bytes.subarray(Math.max(0, n - 12)));
      return tail.includes(Buffer.from('IEND', 'latin1')) ? null : 'PNG ends before its IEND chunk';
    }
    case 'jpeg': {
      // EOI marker FF D9 near the end (some writers append padding after it).
      const start = Math.max(0, n - 4096);
      for (let i = n - 2; i >= start; i--) if (bytes[i] === 0xff && bytes[i + 1] === 0xd9) return null;
      return 'JPEG has no end-of-image marker';
    }
    case 'bmp': {
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      if (n < 54) return 'BMP header is incomplete';
      const declared = view.getUint32(2, true);
      const dataOffset = view.getUint32(10, true);
      const width = Math.abs(view.getInt32(18, true));
      const height = Math.abs(view.getInt32(22, true));
      const bpp = view.getUint16(28, true);
      const compression = view.getUint32(30, true);
      const rowBytes = Math.ceil((width * bpp) / 32) * 4;
      const needed = compression === 0 ? dataOffset + rowBytes * height : declared;
      return n < needed ? `BMP holds ${n} bytes of the ${needed} its header declares` : null;
    }
    case 'webp': {
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const riff = view.getUint32(4, true) + 8;
      return n < riff ? `WebP holds ${n} bytes of the ${riff} its RIFF header declares` : null;
    }
    case 'tiff':
      return null; // strips are checked when decoded
  }
}
