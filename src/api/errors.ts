// The one error shape of the HTTP API: { error: { code, message } } with the right status.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const badRequest = (message: string) => new HttpError(400, 'bad_request', message);
export const notFound = (message = 'not found') => new HttpError(404, 'not_found', message);
export const conflict = (message: string) => new HttpError(409, 'conflict', message);
export const forbidden = (message = 'forbidden') => new HttpError(403, 'forbidden', message);
export const unauthorized = (message = 'unauthorized') => new HttpError(401, 'unauthorized', message);

/** "items.0.price: expected a number" — first issue, path included. */
export function describeZodError(err: ZodError): string {
  return err.issues
    .slice(0, 3)
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, 'not_found', `no route for ${req.method} ${req.path}`));
};

interface BodyParserError {
  type?: string;
  status?: number;
}

export function errorHandler(log: { error: (obj: object, msg: string) => void }): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    let status = 500;
    let code = 'internal';
    let message = 'internal error';
    const parserError = err as BodyParserError;
    if (err instanceof HttpError) {
      ({ status, code, message } = err);
    } else if (err instanceof ZodError) {
      status = 400;
      code = 'validation_failed';
      message = describeZodError(err);
    } else if (parserError.type === 'entity.too.large') {
      status = 413;
      code = 'payload_too_large';
      message = 'request body too large';
    } else if (parserError.type === 'entity.parse.failed' || parserError.type === 'encoding.unsupported') {
      status = 400;
      code = 'malformed_body';
      message = 'request body could not be parsed';
    } else if (typeof parserError.status === 'number' && parserError.status >= 400 && parserError.status < 500) {
      status = parserError.status;
      code = 'bad_request';
      message = 'bad request';
    } else {
      log.error({ err }, 'unhandled error');
    }
    res.status(status).json({ error: { code, message } });
  };
}
