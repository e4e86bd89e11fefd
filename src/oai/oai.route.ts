import express, { type Express, type Request, type Response } from 'express';
import type { OaiConfig } from '../config';
import type { GraphExecutor } from '../graph/executor';
import { publicationPagePath } from '../citations/citation-http';
import {
  checkRequest,
  datestamp,
  decodeResumptionToken,
  encodeResumptionToken,
  METADATA_PREFIX,
  type OaiArguments,
  OaiError,
  type ResumptionState,
  selectionOf,
  slugOfIdentifier,
  type Verb,
} from './oai-protocol';
import { countOaiRecords, findEarliestDatestamp, findOaiRecord, findOaiRecords, findOaiSets } from './oai.cypher';
import { el, errors, header, OAI_DC_NAMESPACE, OAI_DC_SCHEMA, oaiDc, oaiResponse } from './oai-xml';

/**
 * OAI-PMH 2.0 at /oai (GET, or POST as application/x-www-form-urlencoded): library systems harvest the catalogue as
 * Dublin Core. Unlike the rest of the HTTP edge (JSON errors, src/server/http-errors.ts), every answer here is
 * OAI-PMH XML with status 200, protocol errors included, as the protocol requires.
 */

const XML_TYPE = 'text/xml; charset=utf-8';

function baseUrlOf(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}/oai`;
}

export function mountOai(app: Express, executor: GraphExecutor, config: OaiConfig): void {
  const answer = async (req: Request, res: Response, query: Record<string, unknown>) => {
    const baseUrl = baseUrlOf(req);
    const origin = baseUrl.slice(0, -'/oai'.length);
    res.type(XML_TYPE);
    let request: OaiArguments | undefined;
    try {
      const { verb, args } = checkRequest(query);
      request = args;
      const body = await respond(verb, args);
      res.send(oaiResponse(baseUrl, args, body));
    } catch (error) {
      if (!(error instanceof OaiError)) throw error;
      const echo = error.code === 'badVerb' || error.code === 'badArgument' ? undefined : request;
      res.send(oaiResponse(baseUrl, echo, (root) => errors(root, [error])));
    }

    async function respond(verb: Verb, args: OaiArguments): Promise<(root: Parameters<typeof el>[0]) => void> {
      if (args.metadataPrefix !== undefined && args.metadataPrefix !== METADATA_PREFIX) {
        if (args.identifier !== undefined) await recordOrFail(args.identifier);
        throw new OaiError('cannotDisseminateFormat', `This repository disseminates ${METADATA_PREFIX} only.`);
      }
      switch (verb) {
        case 'Identify': {
          const earliest = await findEarliestDatestamp(executor);
          return (root) => {
            const id = el(root, 'Identify');
            el(id, 'repositoryName', 'pubgraph: IOM migration-practice publications');
            el(id, 'baseURL', baseUrl);
            el(id, 'protocolVersion', '2.0');
            el(id, 'adminEmail', config.adminEmail);
            el(id, 'earliestDatestamp', datestamp(earliest ?? 0));
            el(id, 'deletedRecord', 'no');
            el(id, 'granularity', 'YYYY-MM-DDThh:mm:ssZ');
          };
        }
        case 'ListMetadataFormats':
          if (args.identifier !== undefined) await recordOrFail(args.identifier);
          return (root) => {
            const format = el(el(root, 'ListMetadataFormats'), 'metadataFormat');
            el(format, 'metadataPrefix', METADATA_PREFIX);
            el(format, 'schema', OAI_DC_SCHEMA);
            el(format, 'metadataNamespace', OAI_DC_NAMESPACE);
          };
        case 'ListSets': {
          if (args.resumptionToken !== undefined) throw new OaiError('badResumptionToken', 'ListSets answers in one page; it issues no resumption tokens.');
          const { topics, kinds } = await findOaiSets(executor);
          return (root) => {
            const list = el(root, 'ListSets');
            for (const kind of kinds) {
              const set = el(list, 'set');
              el(set, 'setSpec', `kind:${kind}`);
              el(set, 'setName', `Publications of kind ${kind}`);
            }
            for (const topic of topics) {
              const set = el(list, 'set');
              el(set, 'setSpec', `topic:${topic.id}`);
              el(set, 'setName', `Topic: ${topic.name} (with its narrower topics)`);
            }
          };
        }
        case 'GetRecord': {
          const record = await recordOrFail(args.identifier!);
          return (root) => {
            const r = el(el(root, 'GetRecord'), 'record');
            header(r, record);
            oaiDc(el(r, 'metadata'), record, origin + publicationPagePath(record.id));
          };
        }
        case 'ListIdentifiers':
        case 'ListRecords':
          return list(verb, args);
      }
    }

    async function list(verb: 'ListIdentifiers' | 'ListRecords', args: OaiArguments) {
      const state: Partial<ResumptionState> = args.resumptionToken !== undefined ? decodeResumptionToken(args.resumptionToken, verb, Date.now()) : { from: args.from, until: args.until, set: args.set, cursor: 0 };
      const selection = selectionOf(state);
      const [records, total] = await Promise.all([
        findOaiRecords(executor, selection, state.after ?? null, config.pageSize + 1),
        countOaiRecords(executor, selection),
      ]);
      if (records.length === 0) {
        if (args.resumptionToken !== undefined) throw new OaiError('badResumptionToken', 'The list this token continues has no records left: start it again.');
        throw new OaiError('noRecordsMatch', 'No record matches the given from, until and set.');
      }
      const page = records.slice(0, config.pageSize);
      const cursor = state.cursor ?? 0;
      const more = records.length > config.pageSize;
      return (root: Parameters<typeof el>[0]) => {
        const container = el(root, verb);
        for (const record of page) {
          if (verb === 'ListIdentifiers') header(container, record);
          else {
            const r = el(container, 'record');
            header(r, record);
            oaiDc(el(r, 'metadata'), record, origin + publicationPagePath(record.id));
          }
        }
        if (!more && args.resumptionToken === undefined) return;
        const expires = Math.floor(Date.now() / 1000) + config.tokenTtlSeconds;
        // The last page of a resumed list carries an empty token (protocol section 3.5).
        const next = more ? encodeResumptionToken({ verb, from: state.from, until: state.until, set: state.set, after: page.at(-1)!.id, cursor: cursor + page.length, expires }) : '';
        const attributes: Record<string, string> = { completeListSize: String(total), cursor: String(cursor) };
        if (more) attributes.expirationDate = datestamp(expires * 1000);
        el(container, 'resumptionToken', next).att(attributes);
      };
    }
  };

  async function recordOrFail(identifier: string) {
    const slug = slugOfIdentifier(identifier);
    const record = slug ? await findOaiRecord(executor, slug) : null;
    if (!record) throw new OaiError('idDoesNotExist', `"${identifier.slice(0, 80)}" is not an identifier of this repository (they read oai:pubgraph:<slug>).`);
    return record;
  }

  app.get('/oai', (req, res, next) => answer(req, res, req.query as Record<string, unknown>).catch(next));
  app.post('/oai', express.urlencoded({ extended: false, limit: '10kb' }), (req, res, next) => answer(req, res, (req.body ?? {}) as Record<string, unknown>).catch(next));
}
