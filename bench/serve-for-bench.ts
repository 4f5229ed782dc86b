/**
 * The ceiling of the intake benchmark, run in a child process by `startChildServer`
 * (`hello`): a bare Fastify POST with the same report schema as the app and no storage.
 * Reports `{ ready: url }` to the parent once listening, as the real server (`npm start`)
 * does; stops on SIGTERM.
 */
import Fastify from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { loadConfig } from '../server/config.ts';
import { ReportBody } from '../server/http/api-v1/cases/cases.schemas.ts';

async function serveHello(): Promise<{ url: string; close: () => Promise<void> }> {
  const config = loadConfig();
  // The same validator settings as the app, so both sides pay the same schema check.
  const app = Fastify({
    logger: false,
    bodyLimit: config.bodyLimitBytes,
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  let n = 0;
  app.post('/api/v1/cases', { schema: { body: ReportBody } }, async (request, reply) =>
    reply.code(201).send({ id: String(++n), category: request.body.category, status: 'submitted' }),
  );
  await app.listen({ port: config.port, host: config.host });
  return { url: `http://${config.host}:${config.port}`, close: () => app.close() };
}

async function main(): Promise<void> {
  const mode = process.argv[2];
  if (mode !== 'hello') throw new Error(`unknown mode "${String(mode)}" (hello)`);
  const server = await serveHello();
  process.once('SIGTERM', () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
  process.send?.({ ready: server.url });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
