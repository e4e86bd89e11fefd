import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Document, isMap, isScalar, isSeq, Scalar, visit, type YAMLMap } from 'yaml';
import type { SeedCatalogue } from '../seed/schema';

/**
 * Writes a catalogue in graph-seeds/ form with one fixed style, so an export of an unchanged graph is
 * byte-identical and an edit shows as a small diff: keys in FORMAT.md order (the reader builds them so), lists of
 * scalars and small records (labels, languages, series) on one line, long or multi-line text as `|-` blocks,
 * no line folding.
 */

const HEADERS: Record<string, string> = {
  'sources.yaml': ' The five catalogue files (in graph-seeds/sources/) and links that could not be assigned to an entry. See FORMAT.md',
  'vocabularies/topics.yaml': ' Topic taxonomy: built by reading the catalogue summaries (en/es/fr labels and synonyms). See ../FORMAT.md',
  'vocabularies/audiences.yaml': ' Who a publication is for, as the catalogue summaries state it. See ../FORMAT.md',
  'vocabularies/places.yaml': ' Countries (ISO 3166-1 alpha-2), regions and subnational areas the catalogue names as covered. See ../FORMAT.md',
  'vocabularies/organisations.yaml': ' Publishers, partners, funders and co-author organisations named in the catalogue. See ../FORMAT.md',
  'vocabularies/programmes.yaml': " Programmes, projects, campaigns and initiatives named in the catalogue (facts about IOM's work, not publications). See ../FORMAT.md",
  'vocabularies/series.yaml': ' Training packages and series that no single publication stands for. See ../FORMAT.md',
};

/** Keys whose map value is written on one line, and lists whose record items are. */
const FLOW_MAP_KEYS = new Set(['label', 'synonyms']);
const FLOW_ITEM_LISTS = new Set(['languages', 'series']);
const LONG_TEXT = 100;

export function toYaml(value: unknown, options: { header?: string; flowItemLists?: boolean } = {}): string {
  const doc = new Document(value);
  if (options.header) doc.commentBefore = options.header;
  visit(doc, {
    Pair(_key, pair) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (FLOW_MAP_KEYS.has(key) && isMap(pair.value)) pair.value.flow = true;
      if (options.flowItemLists && FLOW_ITEM_LISTS.has(key) && isSeq(pair.value)) {
        for (const item of pair.value.items) if (isMap(item)) (item as YAMLMap).flow = true;
      }
    },
    Seq(_key, seq) {
      if (seq.items.every((item) => isScalar(item))) seq.flow = true;
    },
    Scalar(_key, scalar) {
      if (typeof scalar.value === 'string' && (scalar.value.length > LONG_TEXT || scalar.value.includes('\n'))) scalar.type = Scalar.BLOCK_LITERAL;
    },
  });
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

/** Every file of the catalogue, by path relative to the seed directory. */
export function catalogueFiles(c: SeedCatalogue): Map<string, string> {
  const files = new Map<string, string>();
  const vocabulary = (file: string, key: string, items: unknown[]) => files.set(file, toYaml({ [key]: items }, { header: HEADERS[file] }));
  vocabulary('sources.yaml', 'sources', c.sources);
  vocabulary('vocabularies/topics.yaml', 'topics', c.topics);
  vocabulary('vocabularies/audiences.yaml', 'audiences', c.audiences);
  vocabulary('vocabularies/places.yaml', 'places', c.places);
  vocabulary(
    'vocabularies/organisations.yaml',
    'organisations',
    c.organisations.map(({ partOf, ...o }) => (partOf.length > 0 ? { ...o, partOf } : o)),
  );
  vocabulary(
    'vocabularies/programmes.yaml',
    'programmes',
    c.programmes.map(({ nameIsDescriptive, links, inferences, ...p }) => {
      const { id, name, ...rest } = p;
      const { sources, ...beforeSources } = rest;
      return {
        id,
        name,
        ...(nameIsDescriptive ? { nameIsDescriptive } : {}),
        ...beforeSources,
        ...(links.length > 0 ? { links } : {}),
        sources,
        ...(inferences.length > 0 ? { inferences } : {}),
      };
    }),
  );
  vocabulary('vocabularies/series.yaml', 'series', c.series);
  for (const p of c.publications) files.set(`publications/${p.id}.yaml`, toYaml(p, { flowItemLists: true }));
  return files;
}

/**
 * Writes the catalogue into `dir` (created if needed). Publication files the catalogue no longer holds are
 * removed, so the directory is exactly the catalogue; files whose text is unchanged are not rewritten.
 */
export async function writeCatalogue(c: SeedCatalogue, dir: string): Promise<{ written: number; unchanged: number; removed: number }> {
  const files = catalogueFiles(c);
  await fs.mkdir(path.join(dir, 'vocabularies'), { recursive: true });
  await fs.mkdir(path.join(dir, 'publications'), { recursive: true });
  let written = 0;
  let unchanged = 0;
  for (const [relative, text] of files) {
    const full = path.join(dir, relative);
    const before = await fs.readFile(full, 'utf8').catch(() => undefined);
    if (before === text) {
      unchanged++;
      continue;
    }
    await fs.writeFile(full, text);
    written++;
  }
  let removed = 0;
  for (const name of await fs.readdir(path.join(dir, 'publications'))) {
    if (/\.ya?ml$/.test(name) && !files.has(`publications/${name}`)) {
      await fs.rm(path.join(dir, 'publications', name));
      removed++;
    }
  }
  return { written, unchanged, removed };
}
