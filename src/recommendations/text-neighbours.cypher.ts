import { cypher, type GraphExecutor } from '../graph/executor';
import { TEXT_NEIGHBOURS } from './related.rules';
import { computeTextNeighbours, type TextDocument, type TopicPhrases } from './text-similarity';

/**
 * Reads every publication's titles and summary and the topics' labels and synonyms, computes the text neighbours
 * (text-similarity.ts) and stores them on each publication as three parallel lists: `textNeighbourIds`,
 * `textSimilarities` (the cosines, floats even when whole: a property list holds one type) and `textTerms` (the shared terms of each, joined by "; "). The scoring query
 * reads them for the TEXT reason and the related index reads them from its snapshot, so both score wording from
 * the same stored numbers. Written after every seed load and at the start of every related-index refresh; an
 * edit's new wording counts from the next refresh on.
 */

const TEXT_DOCUMENTS = cypher<{ id: string; titles: (string | null)[]; summary: string | null }>(
  'text neighbours documents',
  'MATCH (p:Publication) RETURN p.id AS id, [p.title] + coalesce(p.alternativeTitles, []) AS titles, p.summary AS summary ORDER BY p.id',
);
const TOPIC_PHRASES = cypher<{ id: string; en: string[]; es: string[]; fr: string[] }>(
  'text neighbours topic phrases',
  `MATCH (t:Topic)
   RETURN t.id AS id,
          [x IN [t.labelEn] + coalesce(t.synonymsEn, []) WHERE x IS NOT NULL] AS en,
          [x IN [t.labelEs] + coalesce(t.synonymsEs, []) WHERE x IS NOT NULL] AS es,
          [x IN [t.labelFr] + coalesce(t.synonymsFr, []) WHERE x IS NOT NULL] AS fr
   ORDER BY id`,
);
const WRITE_TEXT_NEIGHBOURS = cypher<{ written: number }>(
  'text neighbours write',
  `UNWIND $rows AS row
   MATCH (p:Publication {id: row.id})
   SET p.textNeighbourIds = row.ids, p.textSimilarities = [x IN row.similarities | toFloat(x)], p.textTerms = row.terms
   RETURN count(p) AS written`,
);

const WRITE_BATCH = 5_000;
const TIMEOUT_MS = 600_000;

/** The documents and phrases as the graph holds them now (one read transaction). */
export async function readTextCorpus(executor: GraphExecutor): Promise<{ documents: TextDocument[]; topics: TopicPhrases[] }> {
  return executor.transaction(
    'read',
    'text neighbours corpus',
    async (tx) => {
      const documents = (await tx.run(TEXT_DOCUMENTS)).map((d) => ({ id: d.id, titles: d.titles.filter((t): t is string => !!t), summary: d.summary }));
      const topics = (await tx.run(TOPIC_PHRASES)).map((t) => ({ id: t.id, phrases: { en: t.en, es: t.es, fr: t.fr } }));
      return { documents, topics };
    },
    TIMEOUT_MS,
  );
}

/** Recomputes and stores every publication's text neighbours; returns how many publications it wrote. */
export async function refreshTextNeighbours(executor: GraphExecutor): Promise<number> {
  const { documents, topics } = await readTextCorpus(executor);
  const neighbours = computeTextNeighbours(documents, topics, TEXT_NEIGHBOURS);
  const rows = [...neighbours].map(([id, list]) => ({
    id,
    ids: list.map((n) => n.id),
    similarities: list.map((n) => n.similarity),
    terms: list.map((n) => n.terms.join('; ')),
  }));
  let written = 0;
  for (let i = 0; i < rows.length; i += WRITE_BATCH) {
    const [row] = await executor.transaction('write', 'text neighbours write', (tx) => tx.run(WRITE_TEXT_NEIGHBOURS, { rows: rows.slice(i, i + WRITE_BATCH) }), TIMEOUT_MS);
    written += row?.written ?? 0;
  }
  return written;
}
