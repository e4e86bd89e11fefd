import type { Express, Request } from 'express';
import { InvalidArgumentError } from '../errors';
import type { GraphExecutor } from '../graph/executor';
import { createLoaders } from '../server/context';
import { sendError } from '../server/http-errors';
import { ID_PATTERN } from '../model';
import { type CitationFormatName, type CitationLanguage, MEDIA_TYPES } from './citation-formats';
import { citePublication } from './citation.service';

/**
 * A publication's own URL, /publications/{slug}: reference managers and `curl -H 'Accept: application/x-bibtex'`
 * get its citation in the media type they ask for (content negotiation, as DOI resolvers answer); a browser is sent
 * to the explorer's page for it (/#/publication/{slug}, a client-side route no server sees).
 */

const NEGOTIABLE: CitationFormatName[] = ['CSL_JSON', 'BIBTEX', 'RIS', 'TEXT'];
const BY_MEDIA_TYPE = new Map(NEGOTIABLE.map((format) => [MEDIA_TYPES[format], format]));
const LANGUAGES: ReadonlySet<string> = new Set(['EN', 'ES', 'FR']);
const MAX_AGE_SECONDS = 300;

export const publicationPagePath = (slug: string) => `/publications/${encodeURIComponent(slug)}`;

function wantedFormat(req: Request): CitationFormatName | undefined {
  // text/html first: a browser's */* must open the page, not download BibTeX.
  const chosen = req.accepts(['text/html', ...BY_MEDIA_TYPE.keys()]);
  return chosen ? BY_MEDIA_TYPE.get(chosen) : undefined;
}

function languageParameter(value: unknown): CitationLanguage | undefined {
  if (value === undefined) return undefined;
  const upper = String(value).toUpperCase();
  if (!LANGUAGES.has(upper)) throw new InvalidArgumentError(`"language" must be one of EN, ES or FR.`, 'language');
  return upper as CitationLanguage;
}

export function mountPublicationPages(app: Express, executor: GraphExecutor): void {
  app.get('/publications/:slug', async (req, res, next) => {
    const slug = String(req.params.slug);
    res.vary('Accept');
    const format = wantedFormat(req);
    if (!format) {
      if (!ID_PATTERN.test(slug)) return sendError(res, 404, 'NOT_FOUND', `"${slug.slice(0, 80)}" is not a publication slug.`);
      return res.redirect(303, `/#/publication/${encodeURIComponent(slug)}`);
    }
    try {
      const loaders = createLoaders(executor);
      const publication = ID_PATTERN.test(slug) ? await loaders.publications.byId.load(slug) : null;
      if (!publication) return sendError(res, 404, 'NOT_FOUND', `No publication has the slug "${slug.slice(0, 80)}": find slugs with Query.publications or Query.search.`);
      const style = typeof req.query.style === 'string' ? req.query.style : undefined;
      const body = await citePublication({ loaders }, publication, format, { style, language: languageParameter(req.query.language) });
      res.setHeader('cache-control', `public, max-age=${MAX_AGE_SECONDS}`);
      res.type(`${MEDIA_TYPES[format]}; charset=utf-8`).send(body);
    } catch (error) {
      if (error instanceof InvalidArgumentError) return sendError(res, 400, 'BAD_USER_INPUT', error.message);
      next(error);
    }
  });
}
