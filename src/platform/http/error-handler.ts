import type { FastifyError, FastifyInstance } from 'fastify';
import { isDatabaseConflict, isDatabaseUnreachable, isDatabaseWaitLimit } from '../../db/database.js';
import { AppError, Errors } from '../errors.js';
import { BlobStoreUnavailableError } from '../storage/blob-store.js';
import { translateSchemaIssues } from './validation-messages.js';

/** Any error thrown while answering, as the one error type (unknown ones become 500). */
export function toAppError(error: FastifyError, bodyLimit: number): AppError {
  if (error instanceof AppError) return error;
  if (error.validation) {
    return Errors.validation(translateSchemaIssues(error.validation, error.validationContext));
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return Errors.malformedJson();
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return Errors.payloadTooLarge(bodyLimit);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return Errors.unsupportedMediaType(String(error.message.split(': ').pop() ?? 'unknown'));
  }
  if (error instanceof SyntaxError && error.statusCode === 400) return Errors.malformedJson();
  if (error.statusCode === 413) return Errors.payloadTooLarge(bodyLimit);
  // A wait limit fired, or the database is restarting / failing over: the same answer.
  if (isDatabaseWaitLimit(error) || isDatabaseUnreachable(error))
    return Errors.unavailable({ ja: 'データベース', en: 'The database' }, error, 5);
  if (isDatabaseConflict(error)) return Errors.writeConflict(error);
  // The object store is down or throttling: nothing was stored; the client may retry.
  if (error instanceof BlobStoreUnavailableError)
    return Errors.unavailable({ ja: 'ファイル保管庫', en: 'The file store' }, error, 10);
  return Errors.internal();
}

/** Every error leaves as `{ error: { code, message: { ja, en }, field?, requestId } }`. */
export function installErrorHandling(app: FastifyInstance, bodyLimit: number): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const appError = toAppError(error, bodyLimit);
    if (appError.status >= 500) {
      request.log.error({ err: error }, 'request failed');
    } else {
      request.log.info({ code: appError.code, status: appError.status }, 'request refused');
    }
    if (appError.headers) reply.headers(appError.headers);
    reply.code(appError.status).type('application/json; charset=utf-8').send(appError.toBody(request.id));
  });
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).type('application/json; charset=utf-8').send(Errors.notFound().toBody(request.id));
  });
}
