import { promises as fs } from 'node:fs';
import path from 'node:path';
import { type Document, isCollection, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import {
  AudiencesFile,
  OrganisationsFile,
  PlacesFile,
  ProgrammesFile,
  Publication,
  type SeedCatalogue,
  SeriesFile,
  SourcesFile,
  TopicsFile,
} from './schema';

/** One problem in one seed file: where it is (file, path into the document, line) and what is wrong. */
export interface SeedProblem {
  file: string;
  path: string;
  line?: number;
  message: string;
}

export class SeedValidationError extends Error {
  constructor(readonly problems: SeedProblem[]) {
    super(
      `graph-seeds/ has ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was written:\n` +
        problems.map((p) => `  ${p.file}${p.line ? `:${p.line}` : ''} at ${p.path || '(document)'}: ${p.message}`).join('\n'),
    );
    this.name = 'SeedValidationError';
  }
}

type PathKey = string | number;

interface ParsedFile<T> {
  file: string;
  value: T;
  /** The line of the node at `path` in this file, for error messages. */
  lineOf(path: PathKey[]): number | undefined;
}

function formatPath(keys: readonly PathKey[]): string {
  return keys.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
}

async function parseFile<S extends z.ZodType>(dir: string, relative: string, schema: S, problems: SeedProblem[]): Promise<ParsedFile<z.infer<S>> | undefined> {
  const full = path.join(dir, relative);
  let textContent: string;
  try {
    textContent = await fs.readFile(full, 'utf8');
  } catch (error) {
    problems.push({ file: relative, path: '', message: `cannot read file: ${(error as NodeJS.ErrnoException).code ?? String(error)}` });
    return undefined;
  }
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(textContent, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      problems.push({ file: relative, path: '', line: lineCounter.linePos(e.pos[0]).line, message: `YAML syntax: ${e.message.split('\n')[0]}` });
    }
    return undefined;
  }
  const lineOf = (keys: PathKey[]): number | undefined => {
    // Walk up to the nearest node that exists (a missing key is reported at its parent).
    for (let n = keys.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(keys.slice(0, n), true);
      const range = (node as { range?: [number, number, number] } | undefined)?.range;
      if (range && (n === 0 || node !== undefined)) return lineCounter.linePos(range[0]).line;
      if (n === 0 && isCollection(doc.contents)) return 1;
    }
    return undefined;
  };
  const result = schema.safeParse(doc.toJS());
  if (!result.success) {
    for (const issue of result.error.issues) {
      const keys = issue.path.filter((k): k is PathKey => typeof k !== 'symbol');
      problems.push({ file: relative, path: formatPath(keys), line: lineOf(keys), message: issue.message });
    }
    return undefined;
  }
  return { file: relative, value: result.data, lineOf };
}

/** Where the catalogue files that sources.yaml describes live, relative to the seed directory. */
export const SOURCE_FILES_DIR = 'sources';

/** Reads and validates every file in `dir`, checks every cross-reference, and returns the catalogue or throws
 *  a SeedValidationError listing every problem found (not just the first). */
export async function readSeeds(dir: string): Promise<SeedCatalogue> {
  const problems: SeedProblem[] = [];
  try {
    const stat = await fs.stat(dir);
    if (!stat.isDirectory()) throw new Error('not a directory');
  } catch {
    throw new SeedValidationError([{ file: dir, path: '', message: 'the seed directory does not exist (set SEED_DIR or create graph-seeds/)' }]);
  }

  const [sources, topics, audiences, places, organisations, programmes, series] = await Promise.all([
    parseFile(dir, 'sources.yaml', SourcesFile, problems),
    parseFile(dir, 'vocabularies/topics.yaml', TopicsFile, problems),
    parseFile(dir, 'vocabularies/audiences.yaml', AudiencesFile, problems),
    parseFile(dir, 'vocabularies/places.yaml', PlacesFile, problems),
    parseFile(dir, 'vocabularies/organisations.yaml', OrganisationsFile, problems),
    parseFile(dir, 'vocabularies/programmes.yaml', ProgrammesFile, problems),
    parseFile(dir, 'vocabularies/series.yaml', SeriesFile, problems),
  ]);

  let publicationFiles: string[] = [];
  try {
    publicationFiles = (await fs.readdir(path.join(dir, 'publications'))).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml')).sort();
  } catch {
    problems.push({ file: 'publications/', path: '', message: 'the publications/ folder is missing' });
  }
  const publications = (
    await Promise.all(publicationFiles.map((f) => parseFile(dir, path.join('publications', f), Publication, problems)))
  ).filter((p): p is NonNullable<typeof p> => p !== undefined);

  const report = (file: ParsedFile<unknown>, keys: PathKey[], message: string) =>
    problems.push({ file: file.file, path: formatPath(keys), line: file.lineOf(keys), message });

  // Unique ids per vocabulary, and the sets that references are checked against.
  const idSet = <T extends { id: string }>(file: ParsedFile<unknown> | undefined, items: T[] | undefined, key: string): Set<string> => {
    const seen = new Set<string>();
    items?.forEach((item, i) => {
      if (seen.has(item.id)) report(file!, [key, i, 'id'], `duplicate id "${item.id}"`);
      seen.add(item.id);
    });
    return seen;
  };
  const sourceIds = idSet(sources, sources?.value.sources, 'sources');
  // Every fact cites one of these files, so each must be in the repository beside the seeds (graph-seeds/sources/).
  await Promise.all(
    (sources?.value.sources ?? []).map(async (source, i) => {
      const exists = await fs.stat(path.join(dir, SOURCE_FILES_DIR, source.file)).then((s) => s.isFile(), () => false);
      if (!exists) report(sources!, ['sources', i, 'file'], `catalogue file "${SOURCE_FILES_DIR}/${source.file}" is missing`);
    }),
  );
  const topicIds = idSet(topics, topics?.value.topics, 'topics');
  const audienceIds = idSet(audiences, audiences?.value.audiences, 'audiences');
  const placeIds = idSet(places, places?.value.places, 'places');
  const organisationIds = idSet(organisations, organisations?.value.organisations, 'organisations');
  const programmeIds = idSet(programmes, programmes?.value.programmes, 'programmes');
  const seriesIds = idSet(series, series?.value.series, 'series');
  const publicationIds = new Set<string>();
  for (const p of publications) {
    const expected = path.basename(p.file).replace(/\.ya?ml$/, '');
    if (p.value.id !== expected) report(p, ['id'], `id "${p.value.id}" does not match the file name (expected "${expected}")`);
    if (publicationIds.has(p.value.id)) report(p, ['id'], `duplicate publication id "${p.value.id}"`);
    publicationIds.add(p.value.id);
  }

  // Cross-references are only meaningful when the vocabulary itself parsed.
  const refCheck = (file: ParsedFile<unknown>, vocabulary: ParsedFile<unknown> | undefined, known: Set<string>, what: string) =>
    (values: readonly string[], keys: PathKey[]) => {
      if (!vocabulary) return;
      values.forEach((value, i) => {
        if (!known.has(value)) report(file, [...keys, i], `unknown ${what} "${value}"`);
      });
    };

  if (topics) {
    const check = refCheck(topics, topics, topicIds, 'topic');
    topics.value.topics.forEach((t, i) => check(t.broader, ['topics', i, 'broader']));
    reportCycles(topics.value.topics.map((t) => ({ id: t.id, parents: t.broader })), (cycle) =>
      report(topics, ['topics'], `broader links form a cycle: ${cycle.join(' -> ')}`),
    );
  }
  if (places) {
    const check = refCheck(places, places, placeIds, 'place');
    places.value.places.forEach((p, i) => check(p.partOf, ['places', i, 'partOf']));
    reportCycles(places.value.places.map((p) => ({ id: p.id, parents: p.partOf })), (cycle) =>
      report(places, ['places'], `partOf links form a cycle: ${cycle.join(' -> ')}`),
    );
  }
  if (organisations) {
    const check = refCheck(organisations, organisations, organisationIds, 'organisation');
    organisations.value.organisations.forEach((o, i) => check(o.partOf, ['organisations', i, 'partOf']));
  }
  // editor:<name> provenance (facts stated through the curation API) names a person, not a file in sources.yaml.
  const checkSources = (file: ParsedFile<unknown>, values: readonly string[], keys: PathKey[]) =>
    refCheck(file, sources, sourceIds, 'source')(values.filter((v) => !v.startsWith('editor:')), keys);
  /** An inference flags a value its record holds, once: a flag on a value that is not there is a stale note. */
  const checkInferences = <F extends string>(file: ParsedFile<unknown>, inferences: readonly { field: F; value: string }[], values: (field: F) => readonly string[], keys: PathKey[]) => {
    const seen = new Set<string>();
    inferences.forEach((inference, i) => {
      const key = `${inference.field}:${inference.value}`;
      if (!values(inference.field).includes(inference.value)) report(file, [...keys, i, 'value'], `"${inference.value}" is not among this record's ${inference.field}`);
      if (seen.has(key)) report(file, [...keys, i], `duplicate inference for ${inference.field} "${inference.value}"`);
      seen.add(key);
    });
  };
  if (programmes) {
    programmes.value.programmes.forEach((p, i) => {
      refCheck(programmes, places, placeIds, 'place')(p.places, ['programmes', i, 'places']);
      refCheck(programmes, organisations, organisationIds, 'organisation')(p.organisations, ['programmes', i, 'organisations']);
      refCheck(programmes, topics, topicIds, 'topic')(p.topics, ['programmes', i, 'topics']);
      p.sources.forEach((s, j) => checkSources(programmes, [s.source], ['programmes', i, 'sources', j, 'source']));
      checkInferences(programmes, p.inferences, (field) => p[field], ['programmes', i, 'inferences']);
    });
  }
  if (series) {
    series.value.series.forEach((s, i) => s.sources.forEach((src, j) => checkSources(series, [src.source], ['series', i, 'sources', j, 'source'])));
  }

  for (const file of publications) {
    const p = file.value;
    refCheck(file, topics, topicIds, 'topic')(p.topics, ['topics']);
    refCheck(file, audiences, audienceIds, 'audience')(p.audiences, ['audiences']);
    refCheck(file, places, placeIds, 'place')(p.places, ['places']);
    for (const key of ['publishers', 'partners', 'funders'] as const) refCheck(file, organisations, organisationIds, 'organisation')(p[key], [key]);
    refCheck(file, programmes, programmeIds, 'programme')(p.programmes, ['programmes']);
    p.series.forEach((s, i) => refCheck(file, series, seriesIds, 'series')([s.id], ['series', i, 'id']));
    p.relations.forEach((r, i) => {
      if (!publicationIds.has(r.target)) report(file, ['relations', i, 'target'], `unknown publication "${r.target}"`);
      if (r.target === p.id) report(file, ['relations', i, 'target'], 'a publication cannot relate to itself');
      checkSources(file, [r.source], ['relations', i, 'source']);
    });
    const seenRelations = new Set<string>();
    p.relations.forEach((r, i) => {
      const key = `${r.type}->${r.target}`;
      if (seenRelations.has(key)) report(file, ['relations', i], `duplicate relation ${key}`);
      seenRelations.add(key);
    });
    checkInferences(file, p.inferences, (field) => (field === 'series' ? p.series.map((s) => s.id) : p[field]), ['inferences']);
    p.sources.forEach((s, i) => checkSources(file, [s.source], ['sources', i, 'source']));
    p.conflicts.forEach((c, i) => c.values.forEach((v, j) => checkSources(file, v.sources, ['conflicts', i, 'values', j, 'sources'])));
  }

  if (problems.length > 0) throw new SeedValidationError(problems);
  return {
    sources: sources!.value.sources,
    topics: topics!.value.topics,
    audiences: audiences!.value.audiences,
    places: places!.value.places,
    organisations: organisations!.value.organisations,
    programmes: programmes!.value.programmes,
    series: series!.value.series,
    publications: publications.map((p) => p.value),
  };
}

/** Depth-first search for cycles in a parent graph; reports each cycle once. */
function reportCycles(nodes: { id: string; parents: string[] }[], onCycle: (cycle: string[]) => void): void {
  const parents = new Map(nodes.map((n) => [n.id, n.parents]));
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string) => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') {
      onCycle([...stack.slice(stack.indexOf(id)), id]);
      return;
    }
    state.set(id, 'visiting');
    stack.push(id);
    for (const parent of parents.get(id) ?? []) if (parents.has(parent)) visit(parent);
    stack.pop();
    state.set(id, 'done');
  };
  for (const n of nodes) visit(n.id);
}
