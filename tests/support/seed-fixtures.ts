import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { SEED_DIR } from './graph';

/** A throw-away copy of graph-seeds/ that a test may corrupt. */
export class SeedCopy {
  readonly dir = mkdtempSync(path.join(os.tmpdir(), 'pubgraph-seeds-'));
  constructor() {
    cpSync(SEED_DIR, this.dir, { recursive: true });
  }
  read(relative: string): Record<string, unknown> {
    return parse(readFileSync(path.join(this.dir, relative), 'utf8')) as Record<string, unknown>;
  }
  write(relative: string, value: unknown): void {
    writeFileSync(path.join(this.dir, relative), typeof value === 'string' ? value : stringify(value));
  }
  edit(relative: string, change: (doc: Record<string, unknown>) => void): void {
    const doc = this.read(relative);
    change(doc);
    this.write(relative, doc);
  }
  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
