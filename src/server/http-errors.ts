import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { jsonNestingProblem } from './limits';

/**
 * The HTTP edge answers every request it refuses the way GraphQL answers: `{"errors":[{"message", "extensions":
 * {"code"}}]}` as application/json with a 4xx status, never Express's HTML error page (which shows a stack and
 * file paths in development) and never a 5xx for the client's mistake.
 */

export function sendError(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
}

/** The body limit of /graphql, also named in the 413 message. */
export const MAX_BODY = '100kb';

/**
 * body-parser's failures (https://github.com/expressjs/body-parser#errors), keyed by its `type`, as status and
 * a message that says what to send instead. The parser's own message is not echoed: it quotes the body.
 */
const BODY_ERRORS: Record<string, { status: number; message: (err: BodyParserError) => string }> = {
  'entity.parse.failed': {
    status: 400,
    message: () => 'The request body is not a JSON object: send {"query": "...", "variables": {...}} as UTF-8 JSON with content-type application/json.',
  },
  'entity.too.large': { status: 413, message: () => `The request body is larger than ${MAX_BODY}: send a shorter document or fewer variables.` },
  'charset.unsupported': {
    status: 415,
    message: (err) => `The charset "${String(err.charset ?? '').slice(0, 40)}" is not supported: send UTF-8 JSON (content-type: application/json; charset=utf-8).`,
  },
  'encoding.unsupported': {
    status: 415,
    message: (err) => `The content-encoding "${String(err.encoding ?? '').slice(0, 40)}" is not supported: send the body uncompressed, or as gzip, deflate or br.`,
  },
  'request.aborted': { status: 400, message: () => 'The request body ended before its content-length: send the whole body.' },
  'request.size.invalid': { status: 400, message: () => 'The request body is not as long as its content-length says: send the whole body.' },
};

interface BodyParserError extends Error {
  type?: string;
  status?: number;
  statusCode?: number;
  charset?: string;
  encoding?: string;
}

/** Refuses a request whose JSON nests deeper than graphql-js can coerce without running out of stack. */
export const limitJsonNesting: RequestHandler = (req, res, next) => {
  const problem = jsonNestingProblem(req.body, req.query as Record<string, unknown>);
  if (problem) return sendError(res, 400, 'BAD_REQUEST', problem);
  next();
};

/** Anything no route answered. Last in the chain. */
export const notFound: RequestHandler = (_req, res) => {
  sendError(res, 404, 'NOT_FOUND', 'Nothing is served at this path: the GraphQL API is at /graphql (POST, or GET with ?query=).');
};

/**
 * Errors passed to Express: body-parser's, a path Express cannot decode, and anything unexpected. A 4xx from a
 * middleware is the client's; anything else is logged with the request id and answered without details.
 */
export function jsonErrors(logger: Logger): ErrorRequestHandler {
  return (err: BodyParserError, req, res, next) => {
    if (res.headersSent) return next(err);
    const known = err.type ? BODY_ERRORS[err.type] : undefined;
    if (known) return sendError(res, known.status, 'BAD_REQUEST', known.message(err));
    const status = err.status ?? err.statusCode ?? 500;
    // Also a body that does not decompress (body-parser passes zlib's error on as a 400) and an undecodable path.
    if (status >= 400 && status < 500) {
      return sendError(res, status, 'BAD_REQUEST', `The request could not be read (${err.message.slice(0, 120)}): check its URL, headers and body.`);
    }
    (req.log ?? logger).error({ err }, 'unhandled error in the HTTP layer');
    return sendError(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
  };
}

/**
 * Requests Node's HTTP parser refuses before Express sees them (headers over 16 kB, as a GET with huge
 * `variables` sends; a malformed request line; a request that took longer than the server's timeouts): the
 * same statuses Node's own handler writes, with a JSON body instead of none.
 */
export function answerClientError(err: NodeJS.ErrnoException & { bytesParsed?: number }, socket: Duplex): void {
  const pending = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (err.code === 'ECONNRESET' || !socket.writable || pending?.headersSent) {
    socket.destroy();
    return;
  }
  const [status, message] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'The request headers (URL included) are larger than 16 kB: send a long query or variables as a POST body instead.']
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'The request took too long to arrive: send it again, whole and without pauses.']
        : err.code === 'HPE_CHUNK_EXTENSIONS_OVERFLOW'
          ? [413, 'The chunk extensions of the request body are too large.']
          : [400, 'The request is not valid HTTP/1.1: check its request line and headers.'];
  const body = JSON.stringify({ errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
