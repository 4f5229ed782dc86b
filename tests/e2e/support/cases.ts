/** Cases made and moved through the real API, for pages that show them. */
import { DEMO_POINTS } from '../../../server/services/demo/demo-city.ts';
import type { TestServer } from './server.ts';

interface CaseView {
  id: string;
  trackingCode: string;
  version: number;
  status: string;
}

/** Reports a street light anonymously at a demo point (as the web page would). */
export async function reportStreetLight(
  server: TestServer,
  description: string,
  point = DEMO_POINTS[0] as { lat: number; lon: number },
): Promise<CaseView> {
  const response = await server.api<CaseView>('POST', '/api/v1/cases', {
    body: {
      category: 'C0104',
      description,
      lat: point.lat,
      lon: point.lon,
      attributes: { lamp_state: 'off' },
    },
  });
  if (response.status !== 201) throw new Error(`report failed: ${JSON.stringify(response.body)}`);
  return response.body;
}

/** Takes one workflow step as `login`; throws unless it succeeds. */
export async function act(
  server: TestServer,
  login: string,
  c: CaseView,
  action: Record<string, unknown>,
): Promise<CaseView> {
  const response = await server.api<CaseView>('POST', `/api/v1/cases/${c.id}/actions`, {
    as: login,
    body: { ...action, version: c.version },
  });
  if (response.status !== 200)
    throw new Error(`${String(action.action)} failed: ${JSON.stringify(response.body)}`);
  return response.body;
}

/** Walks a reported case to closed, with a public comment and the written answer. */
export async function closeCase(
  server: TestServer,
  c: CaseView,
  texts: { comment: string; answer: string },
): Promise<CaseView> {
  const handler = await server.api<{ user: { id: string } }>('GET', '/api/v1/session', {
    as: 'handler',
  });
  let next = await act(server, 'dispatcher', c, { action: 'register' });
  next = await act(server, 'dispatcher', next, {
    action: 'dispatch',
    department: 'street-lighting',
    handler: handler.body.user.id,
  });
  next = await act(server, 'handler', next, { action: 'accept' });
  next = await act(server, 'handler', next, { action: 'resolve', report: 'Lamp replaced.' });
  next = await act(server, 'grid_worker_a', next, { action: 'verify', ok: true });
  next = await act(server, 'dispatcher', next, {
    action: 'comment',
    text: texts.comment,
    public: true,
  });
  return act(server, 'dispatcher', next, { action: 'close', answer: texts.answer });
}
