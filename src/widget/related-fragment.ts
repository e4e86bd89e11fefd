import escapeHtml from 'escape-html';
import type { RequestHandler } from 'express';
import { ID_PATTERN } from '../model';
import { sendError } from '../server/http-errors';
import { RETRY_AFTER_SECONDS } from '../server/unavailable-status';
import { itemHref, metaOf, type RelatedAnswer, type RelatedItem, relatedVariables, widgetStrings, type WidgetStrings } from './related-view';

/**
 * GET /widget/related/<slug>.html?lang=es&limit=5&link-template=…: the related-publications widget's list as an
 * HTML fragment, for pages that include it server-side or run no JavaScript. The same query, the same words and
 * the same links as the Web Component (related-view.ts); every text and attribute is HTML-escaped. Cacheable
 * like the API's public reads. A publication the catalogue lacks is a 404 fragment in the not-found state; a
 * malformed argument is a 400 JSON error, as everywhere else.
 */

const MAX_LIMIT = 50;
const CACHE_SECONDS = 300;
const NOT_FOUND_CACHE_SECONDS = 60;

/** Runs the widget's query as an anonymous reader would (through Apollo, with its caches and limits). */
export type RunRelatedQuery = (variables: Record<string, unknown>) => Promise<RelatedAnswer>;

const e = (text: string): string => escapeHtml(text);

function frame(lang: string, heading: string, state: string, body: string): string {
  return `<section class="pubgraph-related" lang="${e(lang)}" data-state="${state}" aria-labelledby="pubgraph-related-heading">
<h2 id="pubgraph-related-heading">${e(heading)}</h2>
${body}
</section>
`;
}

export function renderRelatedFragment(items: RelatedItem[], strings: WidgetStrings, options: { lang: string; heading?: string; linkTemplate: string }): string {
  const heading = options.heading ?? strings.heading;
  if (items.length === 0) return frame(options.lang, heading, 'empty', `<p class="status" role="status">${e(strings.empty)}</p>`);
  const list = items.map((item) => {
    const { text, codes } = metaOf(item);
    const languages = codes.length ? ` · <span aria-label="${e(`${strings.languages}: ${codes.join(', ')}`)}">${e(codes.join(' '))}</span>` : '';
    return `<li><a href="${e(itemHref(options.linkTemplate, item.publication))}">${e(item.publication.displayTitle)}</a>
<p class="meta">${e(text)}${languages}</p>
<p class="reason">${e(item.explanation.text)}</p></li>`;
  });
  return frame(options.lang, heading, 'items', `<ul>\n${list.join('\n')}\n</ul>`);
}

export function relatedFragmentRoute(run: RunRelatedQuery, origin: (req: Parameters<RequestHandler>[0]) => string): RequestHandler {
  return async (req, res, next) => {
    try {
      const slug = String(req.params.slug ?? '');
      if (!ID_PATTERN.test(slug) || slug.length > 200) return sendError(res, 400, 'BAD_USER_INPUT', `"${slug.slice(0, 60)}" is not a publication slug (lower-case letters, digits and hyphens).`);
      const langParam = typeof req.query.lang === 'string' ? req.query.lang.toLowerCase() : null;
      if (langParam !== null && !/^[a-z]{2}$/.test(langParam)) return sendError(res, 400, 'BAD_USER_INPUT', '"lang" must be a two-letter language code such as "es".');
      const limitParam = typeof req.query.limit === 'string' ? Number(req.query.limit) : 5;
      if (!Number.isInteger(limitParam) || limitParam < 1 || limitParam > MAX_LIMIT) return sendError(res, 400, 'BAD_USER_INPUT', `"limit" must be a whole number from 1 to ${MAX_LIMIT}.`);
      const template = typeof req.query['link-template'] === 'string' ? req.query['link-template'] : `${origin(req)}/#/publication/{slug}`;
      if (!/^(https?:\/\/|\/)/.test(template)) return sendError(res, 400, 'BAD_USER_INPUT', '"link-template" must be an http(s) URL or a path starting with "/".');
      const heading = typeof req.query.heading === 'string' ? req.query.heading.slice(0, 200) : undefined;

      const strings = widgetStrings(langParam);
      const answer = await run(relatedVariables(slug, limitParam, langParam));
      const codes = (answer.errors ?? []).map((x) => x.extensions?.code);
      res.type('html').set('vary', 'Accept-Encoding');
      if (codes.includes('SERVICE_UNAVAILABLE')) {
        res.status(503).set({ 'retry-after': String(RETRY_AFTER_SECONDS), 'cache-control': 'no-store' });
        return void res.send(frame(langParam ?? 'en', heading ?? strings.heading, 'error', `<p class="status" role="alert">${e(strings.error)}</p>`));
      }
      if (codes.length > 0 && !answer.data?.publication) throw new Error(`the widget's query failed: ${answer.errors![0]!.message}`);
      const publication = answer.data?.publication;
      if (!publication) {
        res.status(404).set('cache-control', `public, max-age=${NOT_FOUND_CACHE_SECONDS}`);
        return void res.send(frame(langParam ?? 'en', heading ?? strings.heading, 'not-found', `<p class="status" role="status">${e(strings.notFound)}</p>`));
      }
      res.status(200).set('cache-control', `public, max-age=${CACHE_SECONDS}`);
      res.send(renderRelatedFragment(publication.related, strings, { lang: langParam ?? 'en', heading, linkTemplate: template }));
    } catch (error) {
      next(error);
    }
  };
}
