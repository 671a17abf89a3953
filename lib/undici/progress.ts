import type { AxiosProgressEvent } from 'axios';

/** axios reports progress at most 3 times a second, and once more at the end. */
const INTERVAL_MS = 1000 / 3;

/**
 * Counts the bytes of one direction of a request and calls an axios progress callback with axios's
 * event shape (`loaded`, `total`, `progress`, `bytes`, `rate`, `estimated`, `upload`/`download`).
 * Callbacks run on the next tick, as in axios, so a throwing callback cannot break the transfer.
 */
export class ProgressReporter {
  private loaded = 0;
  private notified = 0;
  private lastAt = 0;
  private readonly startedAt = Date.now();
  private pending = false;

  constructor(
    private readonly callback: (event: AxiosProgressEvent) => void,
    private readonly total: number | undefined,
    private readonly direction: 'upload' | 'download',
  ) {}

  add(bytes: number): void {
    this.loaded += bytes;
    const now = Date.now();
    if (now - this.lastAt >= INTERVAL_MS) {
      this.lastAt = now;
      this.emit(now);
    } else this.pending = true;
  }

  /** The transfer is over: report what the throttle held back. */
  flush(): void {
    if (this.pending || this.notified === 0) this.emit(Date.now());
  }

  private emit(now: number): void {
    this.pending = false;
    const total = this.total;
    const loaded = total !== undefined ? Math.min(this.loaded, total) : this.loaded;
    const bytes = Math.max(0, loaded - this.notified);
    this.notified = Math.max(this.notified, loaded);
    const seconds = (now - this.startedAt) / 1000;
    const rate = seconds > 0 ? loaded / seconds : undefined;
    const event: AxiosProgressEvent = {
      loaded,
      total,
      progress: total ? loaded / total : undefined,
      bytes,
      rate,
      estimated: rate && total ? (total - loaded) / rate : undefined,
      lengthComputable: total !== undefined,
      [this.direction]: true,
    };
    const callback = this.callback;
    process.nextTick(() => callback(event));
  }
}
