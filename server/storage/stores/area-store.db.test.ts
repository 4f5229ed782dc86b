import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import { parseAreaFile } from '../../domain/areas/area-file.ts';
import { createAreaStore } from './area-store.ts';
import { buildAreaFile } from '../../../tests/factories/areas.ts';
import { createTestDb, DIALECTS, type TestDb } from '../../../tests/support/databases.ts';

const ids = { next: () => uuidv7() };
const now = new Date('2026-11-29T08:00:00Z');

describe.each(DIALECTS)('area store on %s', (dialect) => {
  let test: TestDb;
  let store: ReturnType<typeof createAreaStore>;
  beforeEach(async () => {
    test = await createTestDb(dialect);
    store = createAreaStore(test.db, ids);
    await store.upsertDrafts(parseAreaFile(buildAreaFile(), [], 2), now);
  });
  afterEach(() => test.drop());

  it('stores the tree with paths from the root', async () => {
    const cell = await store.findByCode('990102-001-002-02');
    const community = await store.findByCode('990102-001-002');
    expect(cell?.level).toBe('grid');
    expect(cell?.parentId).toBe(community?.id);
    expect(cell?.path).toHaveLength(4);
    expect(cell?.path.slice(0, 3)).toEqual(community?.path);
    expect(cell?.boundary?.type).toBe('Polygon');
    expect(await store.count()).toBe(8);
  });

  it('lists by parent, level and code cursor', async () => {
    const street = await store.findByCode('990102-001');
    const communities = await store.listAreas({ parentId: street?.id, limit: 10 });
    expect(communities.map((a) => a.code)).toEqual(['990102-001-001', '990102-001-002']);
    const roots = await store.listAreas({ parentId: null, limit: 10 });
    expect(roots.map((a) => a.code)).toEqual(['990102']);
    const cells = await store.listAreas({ level: 'grid', after: '990102-001-001-02', limit: 10 });
    expect(cells.map((a) => a.code)).toEqual(['990102-001-002-01', '990102-001-002-02']);
  });

  it('filters a subtree by path range, byte-wise', async () => {
    const community = await store.findByCode('990102-001-001');
    const within = await store.listWithBoundaries({ withinPath: community?.path });
    expect(within.map((a) => a.code)).toEqual([
      '990102-001-001',
      '990102-001-001-01',
      '990102-001-001-02',
    ]);
  });

  it('updates existing codes on a second import and bumps the version', async () => {
    const before = await store.readVersion();
    const file = buildAreaFile();
    const feature = file.features[4];
    if (!feature) throw new Error('fixture changed');
    feature.properties.nameEn = 'Renamed cell';
    await new Promise((r) => setTimeout(r, 5));
    const result = await store.upsertDrafts(parseAreaFile(file, await store.listKnown(), 2), now);
    expect(result).toEqual({ created: 0, updated: 8 });
    expect((await store.findByCode('990102-001-001-01'))?.nameEn).toBe('Renamed cell');
    expect(await store.readVersion()).not.toBe(before);
  });

  it('reports each stored area with its parent code', async () => {
    const known = await store.listKnown();
    expect(known).toContainEqual({
      code: '990102-001-001-01',
      level: 'grid',
      parentCode: '990102-001-001',
    });
    expect(known).toContainEqual({ code: '990102', level: 'district', parentCode: null });
  });
});
