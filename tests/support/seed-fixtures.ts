import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import type { SeedCatalogue } from '../../src/seed/schema';
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

type Relation = SeedCatalogue['publications'][number]['relations'][number];

/**
 * A copy of `catalogue` with extra stored relations, for cases the real catalogue lacks (it has no EDITION_OF
 * pair, for one). Each relation is added to its `from` publication as a seed file would list it.
 */
export function catalogueWithRelations(catalogue: SeedCatalogue, added: ({ from: string } & Omit<Relation, 'source'>)[]): SeedCatalogue {
  const copy = structuredClone(catalogue);
  const source = copy.sources[0]!.id;
  for (const { from, ...relation } of added) {
    const publication = copy.publications.find((p) => p.id === from);
    if (!publication) throw new Error(`catalogueWithRelations: no publication "${from}" in the catalogue`);
    publication.relations.push({ ...relation, source });
  }
  return copy;
}
