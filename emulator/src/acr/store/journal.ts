/**
 * Durable index for a RegistryStore: a JSON snapshot plus an append-only log of operations since.
 * Every mutation is one log line written synchronously before the caller answers, so a killed
 * emulator loses nothing it acknowledged. On open the store replays the log over the snapshot and
 * compacts (new snapshot written to a temp file and renamed, then the log truncated). Lines carry a
 * sequence number, so a crash between the rename and the truncation replays nothing twice; a torn
 * last line (crash mid-write) is ignored.
 */
import {
  closeSync,
  existsSync,
  ftruncateSync,
  openSync,
  readFileSync,
  renameSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';

const SNAPSHOT_FILE = 'index.json';
const LOG_FILE = 'index.log';
const SNAPSHOT_VERSION = 1;

interface SnapshotFile<S> {
  version: number;
  seq: number;
  state: S;
}

interface LogLine<O> {
  seq: number;
  op: O;
}

export interface LoadedJournal<S, O> {
  snapshot: S | undefined;
  ops: O[];
}

export class Journal<S, O> {
  private readonly snapshotPath: string;
  private readonly logPath: string;
  private fd: number | undefined;
  private seq = 0;
  private pendingLines: string[] | undefined;
  private linesSinceSnapshot = 0;

  constructor(private readonly dir: string) {
    this.snapshotPath = join(dir, SNAPSHOT_FILE);
    this.logPath = join(dir, LOG_FILE);
  }

  load(): LoadedJournal<S, O> {
    const snapshot = this.readSnapshot();
    this.seq = snapshot?.seq ?? 0;
    const ops: O[] = [];
    for (const line of this.readLogLines()) {
      if (line.seq <= this.seq) continue;
      ops.push(line.op);
      this.seq = line.seq;
    }
    this.fd = openSync(this.logPath, 'a');
    return { snapshot: snapshot?.state, ops };
  }

  /** Records one operation (buffered inside `batch`, else written at once). */
  append(op: O): void {
    this.seq += 1;
    const line = `${JSON.stringify({ seq: this.seq, op } satisfies LogLine<O>)}\n`;
    this.linesSinceSnapshot += 1;
    if (this.pendingLines) this.pendingLines.push(line);
    else this.write(line);
  }

  /** Runs `work` with log writes gathered into one write at the end (bulk seeding). */
  batch<T>(work: () => T): T {
    if (this.pendingLines) return work();
    this.pendingLines = [];
    try {
      return work();
    } finally {
      const lines = this.pendingLines;
      this.pendingLines = undefined;
      if (lines.length > 0) this.write(lines.join(''));
    }
  }

  get operationsSinceSnapshot(): number {
    return this.linesSinceSnapshot;
  }

  /** Replaces the snapshot atomically with `state` (which includes every logged op), then empties the log. */
  writeSnapshot(state: S): void {
    const temp = `${this.snapshotPath}.tmp`;
    const file: SnapshotFile<S> = { version: SNAPSHOT_VERSION, seq: this.seq, state };
    writeFileSync(temp, JSON.stringify(file));
    renameSync(temp, this.snapshotPath);
    if (this.fd !== undefined) ftruncateSync(this.fd, 0);
    else writeFileSync(this.logPath, '');
    this.linesSinceSnapshot = 0;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private write(text: string): void {
    if (this.fd === undefined) throw new Error(`journal in ${this.dir} is not open`);
    writeSync(this.fd, text);
  }

  private readSnapshot(): SnapshotFile<S> | undefined {
    if (!existsSync(this.snapshotPath)) return undefined;
    const file = JSON.parse(readFileSync(this.snapshotPath, 'utf8')) as SnapshotFile<S>;
    if (file.version !== SNAPSHOT_VERSION) {
      throw new Error(`unsupported registry index version ${file.version} in ${this.snapshotPath}`);
    }
    return file;
  }

  private readLogLines(): LogLine<O>[] {
    if (!existsSync(this.logPath)) return [];
    const lines: LogLine<O>[] = [];
    for (const text of readFileSync(this.logPath, 'utf8').split('\n')) {
      if (text.trim() === '') continue;
      try {
        lines.push(JSON.parse(text) as LogLine<O>);
      } catch {
        break; // torn final line from a crash mid-write: everything before it is intact
      }
    }
    return lines;
  }
}
