/**
 * Open311 errors: `[{code, description}]` in JSON, `<errors><error>…</error></errors>` in
 * XML, with the HTTP status as `code` (404 unknown, 403 api_key, 400 otherwise). This API
 * does not speak problem+json; the plugin's own error handler sends these instead.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import {
  AuthenticationRequiredError,
  ConflictError,
  DomainError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
  type FieldProblem,
} from '../../domain/errors.ts';
import { elementOf, renderXml } from './xml.ts';

/** The two formats of every Open311 resource. */
export type Open311Format = 'json' | 'xml';

/** One entry of an Open311 error answer. */
export type Open311ErrorEntry = {
  code: number;
  description: string;
};

/** An error to answer with its HTTP status and one or more descriptions. */
export class Open311Error extends Error {
  readonly descriptions: string[];
  constructor(
    readonly status: 400 | 403 | 404 | 413 | 415 | 429 | 500,
    description: string | string[],
  ) {
    const descriptions = Array.isArray(description) ? description : [description];
    super(descriptions.join(' '));
    this.name = 'Open311Error';
    this.descriptions = descriptions;
  }
}

/** The format a URL asks for by its extension (JSON unless it ends in `.xml`). */
export function formatOfUrl(url: string): Open311Format {
  const path = url.split('?')[0] ?? '';
  return path.toLowerCase().endsWith('.xml') ? 'xml' : 'json';
}

/** Sends an Open311 error answer. */
export function sendOpen311Error(
  reply: FastifyReply,
  format: Open311Format,
  status: number,
  descriptions: readonly string[],
): FastifyReply {
  const entries: Open311ErrorEntry[] = descriptions.map((description) => ({
    code: status,
    description,
  }));
  reply.code(status);
  if (format === 'xml') {
    return reply
      .type('text/xml; charset=utf-8')
      .send(renderXml(elementOf('errors', entries, { errors: 'error' })));
  }
  return reply.type('application/json; charset=utf-8').send(entries);
}

/** Names the reporting service's fields as an Open311 client knows them. */
function open311Field(field: string): string {
  if (field.startsWith('/attributes/')) return `attribute[${field.slice('/attributes/'.length)}]`;
  const names: Record<string, string> = {
    '/category': 'service_code',
    '/lat': 'lat',
    '/lon': 'long',
    '/description': 'description',
    '/address': 'address_string',
    '/reporter/phone': 'phone',
    '/reporter/email': 'email',
    '/reporter/name': 'first_name',
  };
  return names[field] ?? field.replace(/^\//, '');
}

function describeFields(fields: readonly FieldProblem[]): string[] {
  return fields.map((f) => `${open311Field(f.field)}: ${f.message}`);
}

/** The status and descriptions for any error thrown while answering. */
export function open311ErrorOf(error: unknown): { status: number; descriptions: string[] } {
  if (error instanceof Open311Error)
    return { status: error.status, descriptions: error.descriptions };
  if (error instanceof ValidationError) {
    const described = describeFields(error.fields);
    return { status: 400, descriptions: described.length > 0 ? described : [error.message] };
  }
  if (error instanceof NotFoundError) return { status: 404, descriptions: [error.message] };
  if (error instanceof AuthenticationRequiredError || error instanceof ForbiddenError)
    return { status: 403, descriptions: [error.message] };
  if (error instanceof ConflictError) return { status: 400, descriptions: [error.message] };
  if (error instanceof DomainError) return { status: 400, descriptions: [error.message] };
  const fastify = error as Partial<FastifyError>;
  const status = fastify.statusCode;
  if (status === 413 || status === 415 || status === 429)
    return { status, descriptions: [fastify.message ?? 'The request was refused.'] };
  if (error instanceof SyntaxError || (status !== undefined && status >= 400 && status < 500)) {
    return {
      status: 400,
      descriptions: [
        error instanceof SyntaxError
          ? 'The body is not valid JSON.'
          : (fastify.message ?? 'Bad request.'),
      ],
    };
  }
  return { status: 500, descriptions: ['An unexpected error occurred; it has been logged.'] };
}

/** The plugin's error handler: every error becomes an Open311 error answer. */
export function handleOpen311Error(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  const { status, descriptions } = open311ErrorOf(error);
  if (status >= 500) request.log.error({ err: error }, 'unhandled error');
  return sendOpen311Error(reply, formatOfUrl(request.url), status, descriptions);
}

/** The plugin's not-found handler: unknown Open311 paths and formats. */
export function handleOpen311NotFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendOpen311Error(reply, formatOfUrl(request.url), 404, [
    `No Open311 resource ${request.method} ${request.url.split('?')[0]}.`,
  ]);
}
