/**
 * Keeps an offline run's stand-in workspace in a file next to redis-server's data, so a
 * restart finds the ticket cards, incident channels and threads the app stored in Redis
 * (without it, every card of an earlier run is `message_not_found`).
 *
 * Saved a moment after each change (one write for a burst of changes) and on stop; written
 * to a temporary file first and renamed, so a crash mid-write leaves the last good copy.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { SlackStandIn } from './standIn.ts';
import type { WorkspaceState } from './workspace.ts';

const SAVE_DELAY_MS = 250;

export class StandInStateFile {
  private timer: NodeJS.Timeout | undefined;
  private readonly onChange = () => this.scheduleSave();

  constructor(
    private readonly standIn: SlackStandIn,
    readonly path: string,
    /** Where problems go (a failed save is reported, and tried again at the next change). */
    private readonly warn: (text: string) => void,
  ) {}

  /**
   * Brings back the saved workspace, when there is one. A file that cannot be read is moved
   * aside (`<path>.bad-<time>`) and the run starts fresh; `warn` says so.
   */
  load(): boolean {
    if (!existsSync(this.path)) return false;
    try {
      this.standIn.importState(JSON.parse(readFileSync(this.path, 'utf8')) as WorkspaceState);
      return true;
    } catch (error) {
      const aside = `${this.path}.bad-${Date.now()}`;
      renameSync(this.path, aside);
      this.warn(
        `The saved Slack stand-in workspace could not be read (${error instanceof Error ? error.message : String(error)}); ` +
          `it was moved to ${aside} and the workspace starts fresh.`,
      );
      return false;
    }
  }

  /** Saves after every change from now on. */
  watch(): void {
    this.standIn.on('change', this.onChange);
  }

  /** Stops watching and saves what is there now. */
  stop(): void {
    this.standIn.off('change', this.onChange);
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.save();
  }

  save(): void {
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.standIn.exportState()));
    renameSync(tmp, this.path);
  }

  private scheduleSave(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      try {
        this.save();
      } catch (error) {
        this.warn(
          `Could not save the Slack stand-in workspace to ${this.path}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }, SAVE_DELAY_MS);
    this.timer.unref();
  }
}
