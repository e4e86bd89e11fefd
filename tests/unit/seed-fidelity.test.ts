import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readSeeds, SOURCE_FILES_DIR } from '../../src/seed/read-seeds';
import type { SeedCatalogue } from '../../src/seed/schema';
import { SEED_DIR } from '../support/graph';

/**
 * graph-seeds/ against the five catalogue files it was read from: a stored link must be the catalogue's own,
 * byte for byte (the scheme included: an https link stored as http is a different link), in a file that the
 * record cites. Other facts are checked by reading (docs/seed-audit.md); links can be checked by machine.
 */

interface StoredUrl {
  where: string;
  url: string;
  /** The catalogue files the record cites; the link must be printed in one of them. */
  sources: string[];
}

function storedUrls(c: SeedCatalogue): StoredUrl[] {
  const urls: StoredUrl[] = [];
  for (const p of c.publications) {
    const sources = p.sources.map((s) => s.source);
    p.links.forEach((url, i) => urls.push({ where: `publications/${p.id}.yaml links[${i}]`, url, sources }));
    p.languages.forEach((l, i) => l.pdf && urls.push({ where: `publications/${p.id}.yaml languages[${i}].pdf`, url: l.pdf, sources }));
  }
  for (const p of c.programmes) {
    p.links.forEach((url, i) => urls.push({ where: `programmes.yaml ${p.id} links[${i}]`, url, sources: p.sources.map((s) => s.source) }));
  }
  for (const s of c.sources) s.unassignedLinks.forEach((l, i) => urls.push({ where: `sources.yaml ${s.id} unassignedLinks[${i}]`, url: l.url, sources: [s.id] }));
  return urls;
}

/**
 * A quotation compared with its source across the extracts' layout: cat-000 breaks sentences across lines and
 * cat-004 hyphenates words at line ends ("identifica-" / "tion"), so whitespace and hyphens are left out of both.
 */
const folded = (s: string) => s.replace(/[\s\-–]+/g, '');

/** Printed as a whole link: the next character ends it (a prefix of a longer URL is not the same link). */
function printedVerbatim(text: string, url: string): boolean {
  for (let at = text.indexOf(url); at >= 0; at = text.indexOf(url, at + 1)) {
    const next = text[at + url.length];
    if (next === undefined || /[\s)>\]"']/.test(next)) return true;
  }
  return false;
}

describe('the seeds against the catalogue text', () => {
  let catalogue: SeedCatalogue;
  let textOf: (sourceId: string) => string;
  beforeAll(async () => {
    catalogue = await readSeeds(SEED_DIR);
    const files = new Map(catalogue.sources.map((s) => [s.id, readFileSync(path.join(SEED_DIR, SOURCE_FILES_DIR, s.file), 'utf8')]));
    textOf = (id) => files.get(id) ?? '';
  });

  it('every stored URL is printed, byte for byte, in a catalogue file its record cites', () => {
    const urls = storedUrls(catalogue);
    expect(urls.length).toBeGreaterThan(40);
    const notPrinted = urls.filter((u) => !u.sources.some((s) => printedVerbatim(textOf(s), u.url))).map((u) => `${u.where}: ${u.url}`);
    expect(notPrinted).toEqual([]);
  });

  it('a link whose scheme was changed is not taken for the printed one', () => {
    const printed = 'https://publications.iom.int/system/files/pdf/tot_borno_and_adamawa.pdf\n';
    expect(printedVerbatim(printed, 'https://publications.iom.int/system/files/pdf/tot_borno_and_adamawa.pdf')).toBe(true);
    expect(printedVerbatim(printed, 'http://publications.iom.int/system/files/pdf/tot_borno_and_adamawa.pdf')).toBe(false);
    expect(printedVerbatim(printed, 'https://publications.iom.int/system/files/pdf/tot_borno')).toBe(false);
  });

  it('every relation quotes its evidence from the catalogue file it names, or from an editor', () => {
    const unquoted = catalogue.publications.flatMap((p) =>
      p.relations
        .filter((r) => !r.source.startsWith('editor:') && !folded(textOf(r.source)).includes(folded(r.evidence)))
        .map((r) => `${p.id} ${r.type} ${r.target} (${r.source})`),
    );
    expect(unquoted).toEqual([]);
  });

  it('every programme and series quotes its evidence from the catalogue file it names', () => {
    const unquoted = [...catalogue.programmes, ...catalogue.series].flatMap((record) =>
      record.sources.filter((s) => !folded(textOf(s.source)).includes(folded(s.evidence))).map((s) => `${record.id} (${s.source})`),
    );
    expect(unquoted).toEqual([]);
  });
});
