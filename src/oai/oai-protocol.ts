import { ID_PATTERN } from '../model';
import type { OaiSelection } from './oai.cypher';

/**
 * The OAI-PMH 2.0 request rules (https://www.openarchives.org/OAI/openarchivesprotocol.html), pure: which
 * arguments each verb takes, datestamps, sets, identifiers and resumption tokens. A request that breaks them is an
 * OaiError with the protocol's code; src/oai/oai.route.ts answers it as XML.
 */

export type OaiErrorCode = 'badArgument' | 'badVerb' | 'cannotDisseminateFormat' | 'idDoesNotExist' | 'noRecordsMatch' | 'badResumptionToken' | 'noSetHierarchy';

export class OaiError extends Error {
  constructor(
    readonly code: OaiErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const VERBS = ['Identify', 'ListMetadataFormats', 'ListSets', 'GetRecord', 'ListIdentifiers', 'ListRecords'] as const;
export type Verb = (typeof VERBS)[number];

const ARGUMENTS: Record<Verb, { required: string[]; optional: string[]; exclusive?: string }> = {
  Identify: { required: [], optional: [] },
  ListMetadataFormats: { required: [], optional: ['identifier'] },
  ListSets: { required: [], optional: [], exclusive: 'resumptionToken' },
  GetRecord: { required: ['identifier', 'metadataPrefix'], optional: [] },
  ListIdentifiers: { required: ['metadataPrefix'], optional: ['from', 'until', 'set'], exclusive: 'resumptionToken' },
  ListRecords: { required: ['metadataPrefix'], optional: ['from', 'until', 'set'], exclusive: 'resumptionToken' },
};

export const METADATA_PREFIX = 'oai_dc';
export const IDENTIFIER_PREFIX = 'oai:pubgraph:';

export type OaiArguments = Partial<Record<'verb' | 'identifier' | 'metadataPrefix' | 'from' | 'until' | 'set' | 'resumptionToken', string>>;

/** The verb and its arguments, refused (badVerb, badArgument) when the protocol does not allow them. */
export function checkRequest(query: Record<string, unknown>): { verb: Verb; args: OaiArguments } {
  for (const [name, value] of Object.entries(query)) {
    if (typeof value !== 'string') throw new OaiError(name === 'verb' ? 'badVerb' : 'badArgument', `The argument "${name.slice(0, 40)}" is given more than once.`);
  }
  const verb = query.verb;
  if (typeof verb !== 'string' || !(VERBS as readonly string[]).includes(verb)) {
    throw new OaiError('badVerb', verb === undefined ? 'No verb given: add verb=Identify (or another of the six OAI-PMH verbs).' : `"${String(verb).slice(0, 40)}" is not an OAI-PMH verb.`);
  }
  const rules = ARGUMENTS[verb as Verb];
  const args = query as OaiArguments;
  const names = Object.keys(query).filter((n) => n !== 'verb');
  for (const name of names) {
    if (![...rules.required, ...rules.optional, rules.exclusive].includes(name)) throw new OaiError('badArgument', `${verb} does not take the argument "${name.slice(0, 40)}".`);
  }
  if (rules.exclusive && args[rules.exclusive as keyof OaiArguments] !== undefined) {
    if (names.length > 1) throw new OaiError('badArgument', `${rules.exclusive} is an exclusive argument: send it with the verb alone.`);
    return { verb: verb as Verb, args };
  }
  for (const name of rules.required) {
    if (args[name as keyof OaiArguments] === undefined) throw new OaiError('badArgument', `${verb} requires the argument "${name}".`);
  }
  return { verb: verb as Verb, args };
}

/** A record's identifier: oai:pubgraph:<slug>. */
export const oaiIdentifier = (slug: string) => `${IDENTIFIER_PREFIX}${slug}`;

/** The slug an identifier names, or undefined when it is not one of ours. */
export function slugOfIdentifier(identifier: string): string | undefined {
  if (!identifier.startsWith(IDENTIFIER_PREFIX)) return undefined;
  const slug = identifier.slice(IDENTIFIER_PREFIX.length);
  return ID_PATTERN.test(slug) ? slug : undefined;
}

/** A datestamp to seconds granularity, as the repository reports them. */
export const datestamp = (epochMs: number) => new Date(Math.floor(epochMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const SECOND = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;

/** A `from` or `until` argument as an inclusive bound in epoch ms: a day covers the whole day, a second its 999 ms. */
export function parseDatestamp(value: string, bound: 'from' | 'until'): { ms: number; granularity: 'day' | 'second' } {
  const granularity = DAY.test(value) ? 'day' : SECOND.test(value) ? 'second' : undefined;
  const ms = granularity ? Date.parse(granularity === 'day' ? `${value}T00:00:00Z` : value) : NaN;
  if (!granularity || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, value.length - (granularity === 'day' ? 0 : 1)) !== value.replace('Z', '')) {
    throw new OaiError('badArgument', `"${bound}" must be a UTC datestamp, YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ (got "${value.slice(0, 40)}").`);
  }
  const span = granularity === 'day' ? 86_400_000 : 1_000;
  return { ms: bound === 'from' ? ms : ms + span - 1, granularity };
}

/** The record selection of ListIdentifiers and ListRecords from their from, until and set arguments. */
export function selectionOf(args: Pick<OaiArguments, 'from' | 'until' | 'set'>): OaiSelection {
  const from = args.from === undefined ? undefined : parseDatestamp(args.from, 'from');
  const until = args.until === undefined ? undefined : parseDatestamp(args.until, 'until');
  if (from && until && from.granularity !== until.granularity) throw new OaiError('badArgument', '"from" and "until" must have the same granularity.');
  const selection: OaiSelection = { from: from?.ms ?? null, until: until?.ms ?? null, kind: null, topic: null };
  if (args.set === undefined) return selection;
  const [type, value, ...rest] = args.set.split(':');
  if (rest.length > 0 || !value || !ID_PATTERN.test(value) || (type !== 'topic' && type !== 'kind')) {
    throw new OaiError('badArgument', `"${args.set.slice(0, 60)}" is not a set here: sets are topic:<topic slug> and kind:<kind> (see ListSets).`);
  }
  return { ...selection, [type]: value };
}

/** What a resumption token carries: the list's arguments, where the next page starts, and until when it is valid. */
export interface ResumptionState {
  verb: 'ListIdentifiers' | 'ListRecords';
  from?: string;
  until?: string;
  set?: string;
  /** The last slug of the page before. */
  after: string;
  /** How many records the pages before gave (the token's cursor). */
  cursor: number;
  /** Epoch seconds. */
  expires: number;
}

/** Stateless tokens: the state itself, base64url JSON. Nothing secret is in it, and a forged one only asks for another page. */
export const encodeResumptionToken = (state: ResumptionState): string => Buffer.from(JSON.stringify(state)).toString('base64url');

export function decodeResumptionToken(token: string, verb: Verb, nowMs: number): ResumptionState {
  let state: Partial<ResumptionState> | undefined;
  try {
    state = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<ResumptionState>;
  } catch {
    state = undefined;
  }
  const valid =
    state !== null &&
    typeof state === 'object' &&
    state.verb === verb &&
    typeof state.after === 'string' &&
    ID_PATTERN.test(state.after) &&
    Number.isInteger(state.cursor) &&
    (state.cursor ?? -1) >= 0 &&
    Number.isInteger(state.expires) &&
    ['from', 'until', 'set'].every((k) => state![k as keyof ResumptionState] === undefined || typeof state![k as keyof ResumptionState] === 'string');
  if (!valid) throw new OaiError('badResumptionToken', `The resumption token is not one this repository issued for ${verb}.`);
  if (state!.expires! * 1000 < nowMs) throw new OaiError('badResumptionToken', 'The resumption token has expired: start the list again.');
  return state as ResumptionState;
}
