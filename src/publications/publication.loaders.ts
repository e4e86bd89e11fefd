import type DataLoader from 'dataloader';
import type { GraphExecutor } from '../graph/executor';
import { keyedListLoader, keyedLoader } from '../graph/loaders';
import {
  type FoldedRelations,
  PUBLICATION_RELATIONS,
  PUBLICATIONS_BY_IDS,
  type PublicationRelation,
  type PublicationRelationName,
  type PublicationRelationValue,
  relationOfPublications,
  SERIES_MEMBERS,
  toPublication,
} from './publication.cypher';
import type { LanguageEditionRecord, PublicationPage, PublicationRecord } from './publication.model';

const relationLoader = <Item, T>(executor: GraphExecutor, rel: PublicationRelation<Item, T>) =>
  keyedListLoader(executor, relationOfPublications(rel), (row) => rel.map(row.key, row.items));

/** Per-request loaders for publications and every relationship a Publication field crosses (`ctx.loaders.publications`). */
export function createPublicationLoaders(executor: GraphExecutor) {
  return {
    byId: keyedLoader(executor, PUBLICATIONS_BY_IDS, (row) => toPublication(row.publication)),
    topicTags: relationLoader(executor, PUBLICATION_RELATIONS.topicTags),
    audiences: relationLoader(executor, PUBLICATION_RELATIONS.audiences),
    places: relationLoader(executor, PUBLICATION_RELATIONS.places),
    publishers: relationLoader(executor, PUBLICATION_RELATIONS.publishers),
    partners: relationLoader(executor, PUBLICATION_RELATIONS.partners),
    funders: relationLoader(executor, PUBLICATION_RELATIONS.funders),
    programmes: relationLoader(executor, PUBLICATION_RELATIONS.programmes),
    series: relationLoader(executor, PUBLICATION_RELATIONS.series),
    languages: relationLoader(executor, PUBLICATION_RELATIONS.languages),
    sources: relationLoader(executor, PUBLICATION_RELATIONS.sources),
    companions: relationLoader(executor, PUBLICATION_RELATIONS.companions),
    inferences: relationLoader(executor, PUBLICATION_RELATIONS.inferences),
    /** Keyed by series id: its member publications, by position. */
    seriesMembers: keyedListLoader(executor, SERIES_MEMBERS, (row) => row.items.map(toPublication)),
  };
}

export type PublicationLoaders = ReturnType<typeof createPublicationLoaders>;

function primeRelation<N extends PublicationRelationName>(loaders: PublicationLoaders, name: N, id: string, folded: FoldedRelations): void {
  const value = folded[name];
  if (value) (loaders[name] as unknown as DataLoader<string, PublicationRelationValue<N>>).prime(id, value as PublicationRelationValue<N>);
}

/**
 * Primes this request's loaders with what a list query already fetched: each publication of the page, and the
 * relations it folded in, so the field resolvers below the list find them without another round-trip.
 */
export function primeFromPage({ publications: loaders }: { publications: PublicationLoaders }, page: PublicationPage): void {
  page.publications.forEach((p, i) => {
    loaders.byId.prime(p.id, p);
    const folded = page.folded[i];
    if (folded) for (const name of Object.keys(folded) as PublicationRelationName[]) primeRelation(loaders, name, p.id, folded);
  });
}

/**
 * How another module hands this one publications it already read (related lists, reading paths), with their
 * language editions when it has them: the only way outside this module to fill these loaders.
 */
export function primePublications({ publications: loaders }: { publications: PublicationLoaders }, items: readonly { publication: PublicationRecord; languageEditions?: LanguageEditionRecord[] }[]): void {
  for (const item of items) {
    loaders.byId.prime(item.publication.id, item.publication);
    if (item.languageEditions) loaders.languages.prime(item.publication.id, item.languageEditions);
  }
}
