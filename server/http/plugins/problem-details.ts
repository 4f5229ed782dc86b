/**
 * Every error becomes RFC 9457 `application/problem+json`, from this one plugin: domain
 * errors by their code, Fastify's own errors (validation, body parsing, size) by theirs.
 * A 5xx never shows its internal message.
 */
import fp from 'fastify-plugin';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, ValidationError, type FieldProblem } from '../../domain/errors.ts';
import { PROBLEMS, type ProblemCode } from '../problems.ts';

/** Sends a problem document. */
export function sendProblem(
  reply: FastifyReply,
  request: FastifyRequest,
  code: ProblemCode,
  detail: string,
  extra: Record<string, unknown> = {},
): FastifyReply {
  const { status, title } = PROBLEMS[code];
  return reply
    .code(status)
    .type('application/problem+json; charset=utf-8')
    .send({
      type: `/problems/${code}`,
      title,
      status,
      detail,
      instance: request.url.split('?')[0],
      code,
      ...extra,
    });
}

function fieldsFromAjv(error: FastifyError): FieldProblem[] {
  return (error.validation ?? []).map((v) => {
    const params = v.params as Record<string, unknown>;
    const missing = typeof params.missingProperty === 'string' ? `/${params.missingProperty}` : '';
    const extraProp =
      typeof params.additionalProperty === 'string' ? `/${params.additionalProperty}` : '';
    const base = v.instancePath || '';
    const where = error.validationContext ? `${error.validationContext}` : 'body';
    return {
      field: `${base}${missing || extraProp}` || '/',
      message: extraProp ? `unknown ${where} field` : (v.message ?? 'is invalid'),
      in: where,
    };
  });
}

const FASTIFY_CODES: Record<string, ProblemCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'body-too-large',
  FST_REQ_FILE_TOO_LARGE: 'body-too-large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported-media-type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad-request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed-body',
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed-body',
  FST_ERR_CTP_INVALID_TYPE: 'malformed-body',
  FST_ERR_BAD_URL: 'bad-request',
  FST_ERR_ASYNC_CONSTRAINT: 'bad-request',
};

/**
 * Fastify's own refusals before any route or hook runs (a path that does not decode, a
 * path segment over the parameter limit), as problems; `buildApp` passes it as
 * `frameworkErrors`, since the error handler never sees them.
 */
export function sendFrameworkProblem(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH')
    return sendProblem(reply, request, 'uri-too-long', 'A segment of the path is too long.');
  const detail =
    error.code === 'FST_ERR_BAD_URL'
      ? 'The URL cannot be read: a percent-escape does not decode to UTF-8.'
      : 'The request cannot be routed.';
  return sendProblem(reply, request, 'bad-request', detail);
}

export const problemDetails = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      if (error instanceof ValidationError) {
        return sendProblem(reply, request, 'validation-failed', error.message, {
          errors: error.fields,
        });
      }
      if (error instanceof DomainError) {
        return sendProblem(reply, request, error.code as ProblemCode, error.message);
      }
      if (error.validation) {
        const errors = fieldsFromAjv(error);
        const first = errors[0];
        const detail = first
          ? `${first.in} ${first.field}: ${first.message}`
          : 'The request is not valid.';
        return sendProblem(reply, request, 'validation-failed', detail, { errors });
      }
      const mapped = error.code ? FASTIFY_CODES[error.code] : undefined;
      if (mapped) return sendProblem(reply, request, mapped, error.message);
      if (
        error instanceof SyntaxError ||
        (error.statusCode === 400 && /JSON/i.test(error.message))
      ) {
        return sendProblem(reply, request, 'malformed-body', 'The body is not valid JSON.');
      }
      if (error.statusCode === 429) {
        return sendProblem(reply, request, 'too-many-requests', error.message);
      }
      if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
        return sendProblem(reply, request, 'bad-request', error.message);
      }
      request.log.error({ err: error }, 'unhandled error');
      return sendProblem(
        reply,
        request,
        'internal-error',
        'An unexpected error occurred; it has been logged.',
      );
    });

    app.setNotFoundHandler((request, reply) =>
      sendProblem(
        reply,
        request,
        'not-found',
        `No route ${request.method} ${request.url.split('?')[0]}.`,
      ),
    );
  },
  { name: 'problem-details' },
);
