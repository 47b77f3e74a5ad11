import path from 'node:path';
import { getImageRoot, resolveImagePath, type ImagePathResolution } from './image-protocol';

export interface ListedImage {
  sha256: string;
  path: string;
}

/**
 * Which scans the ecg-image:// protocol may serve. An image is found by its sha256 in the open
 * review set (asked of the engine, never taken from the URL), and served only from inside a folder
 * the reviewer opened: a folder given to startBatch this session, or a folder holding the images of
 * a review set the reviewer opened (opening a set is opening the folders it names).
 */
export class ImageGate {
  private readonly batchRoots = new Set<string>();
  private setRoots = new Set<string>();
  private trustSetFolders = false;
  private paths = new Map<string, string>();

  constructor(private readonly listImages: () => Promise<readonly ListedImage[]>) {}

  /** After a successful startBatch: the folder the reviewer chose becomes servable. */
  async openedFolder(folder: string): Promise<void> {
    const root = await getImageRoot(folder);
    if (root) this.batchRoots.add(root);
    this.paths.clear();
  }

  /** After a successful openReviewSet: forget the previous set's images and folders. */
  openedReviewSet(): void {
    this.paths.clear();
    this.setRoots = new Set();
    this.trustSetFolders = true;
  }

  getRoots(): string[] {
    return [...this.batchRoots, ...this.setRoots];
  }

  private async refresh(): Promise<void> {
    const images = await this.listImages();
    this.paths = new Map(images.map((i) => [i.sha256, i.path]));
    if (!this.trustSetFolders) return;
    for (const image of images) {
      // The lexical folder, resolved: a stored path with `..` cannot widen the root beyond where it points.
      const root = await getImageRoot(path.dirname(path.resolve(image.path)));
      if (root) this.setRoots.add(root);
    }
  }

  async resolve(sha256: string): Promise<ImagePathResolution> {
    if (!this.paths.has(sha256)) await this.refresh();
    const stored = this.paths.get(sha256);
    if (!stored) return { ok: false, status: 404, reason: 'no such image in the open review set' };
    return resolveImagePath(stored, this.getRoots());
  }
}
