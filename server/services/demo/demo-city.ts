/**
 * The fictional demo city (SPEC "Demo data"): 明川市 / Mingchuan City with one district,
 * 云河区 / Yunhe District (code 990102), 3 streets, 6 communities and 24 grid cells, plus
 * the district's departments and the default category tree (GB/T 30428 large and small
 * classes, then safety, dispute, service and complaint kinds).
 *
 * Boundaries are real polygons that tile exactly. One lattice of vertices covers the
 * district; every vertex is jittered by a deterministic hash and rounded to 6 decimals
 * once. A cell is a 2 × 2 block of lattice quads and its ring walks the 8 lattice
 * vertices of the block's perimeter; communities, streets and the district are larger
 * blocks walked the same way, so neighbours share identical edges and every parent's
 * outline is made of exactly its children's outer edges.
 *
 * Pure data and pure functions: no I/O, no Math.random, no clock.
 */
import type { AreaGeometry, AreaLevel, Position } from '../../domain/areas/area.ts';
import type { CategoryAttribute, CategoryKind, Priority } from '../../domain/org/category.ts';

// ---------------------------------------------------------------------------------------
// Areas
// ---------------------------------------------------------------------------------------

const CITY_CODE = '990100';
const DISTRICT_CODE = '990102';

/** Cells across (west → east) and up (south → north). */
const CELL_COLS = 6;
const CELL_ROWS = 4;
/** Lattice steps along one cell edge: 2 gives every cell 8 boundary vertices. */
const SUB = 2;
const NX = CELL_COLS * SUB + 1;
const NY = CELL_ROWS * SUB + 1;
/** South-west corner and lattice step, in micro-degrees so rounding happens once. */
const LON0 = 116_300_000;
const LAT0 = 39_900_000;
const STEP_LON = 10_000;
const STEP_LAT = 10_000;
/** Largest jitter in micro-degrees: well below half a step, so no quad folds over. */
const JITTER_INTERIOR = 2_200;
const JITTER_OUTLINE = 1_200;

/** A deterministic hash of a lattice node to a number in [-1, 1). */
function noise(i: number, j: number, salt: number): number {
  let h = Math.imul(i + 1, 0x27d4eb2d) ^ Math.imul(j + 1, 0x165667b1) ^ Math.imul(salt, 0x9e3779b9);
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return ((h >>> 0) / 0x1_0000_0000) * 2 - 1;
}

/**
 * The lattice, `LATTICE[i][j]` = [lon, lat] of node i (west → east), j (south → north).
 * Interior nodes move in both directions; nodes on the district outline move only across
 * it; the four corners stay put.
 */
const LATTICE: Position[][] = Array.from({ length: NX }, (_, i) =>
  Array.from({ length: NY }, (_, j): Position => {
    const onWestEast = i === 0 || i === NX - 1;
    const onSouthNorth = j === 0 || j === NY - 1;
    let dx = 0;
    let dy = 0;
    if (!onWestEast && !onSouthNorth) {
      dx = Math.round(noise(i, j, 1) * JITTER_INTERIOR);
      dy = Math.round(noise(i, j, 2) * JITTER_INTERIOR);
    } else if (onWestEast && !onSouthNorth) {
      dx = Math.round(noise(i, j, 1) * JITTER_OUTLINE);
    } else if (onSouthNorth && !onWestEast) {
      dy = Math.round(noise(i, j, 2) * JITTER_OUTLINE);
    }
    return [(LON0 + i * STEP_LON + dx) / 1e6, (LAT0 + j * STEP_LAT + dy) / 1e6];
  }),
);

function node(i: number, j: number): Position {
  const p = (LATTICE[i] as Position[])[j] as Position;
  return [p[0], p[1]];
}

/**
 * The closed, counter-clockwise ring around the lattice block from node (i0, j0) to node
 * (i1, j1): along the south edge eastwards, up the east edge, back along the north edge
 * and down the west edge.
 */
function blockRing(i0: number, j0: number, i1: number, j1: number): Position[] {
  const ring: Position[] = [];
  for (let i = i0; i <= i1; i++) ring.push(node(i, j0));
  for (let j = j0 + 1; j <= j1; j++) ring.push(node(i1, j));
  for (let i = i1 - 1; i >= i0; i--) ring.push(node(i, j1));
  for (let j = j1 - 1; j >= j0; j--) ring.push(node(i0, j));
  return ring;
}

/** A block of cells, in cell units: columns cx0..cx1-1, rows cy0..cy1-1. */
function cellBlock(cx0: number, cy0: number, cx1: number, cy1: number): AreaGeometry {
  return { type: 'Polygon', coordinates: [blockRing(cx0 * SUB, cy0 * SUB, cx1 * SUB, cy1 * SUB)] };
}

interface NamePair {
  zh: string;
  en: string;
}

/** Streets west → east; each owns two cell columns. */
const STREETS: {
  name: NamePair;
  communities: [NamePair & { short: string }, NamePair & { short: string }];
}[] = [
  {
    name: { zh: '青石街道', en: 'Qingshi Street' },
    communities: [
      { zh: '柳岸社区', en: "Liu'an Community", short: "Liu'an" },
      { zh: '石桥社区', en: 'Shiqiao Community', short: 'Shiqiao' },
    ],
  },
  {
    name: { zh: '望湖街道', en: 'Wanghu Street' },
    communities: [
      { zh: '湖畔社区', en: 'Hupan Community', short: 'Hupan' },
      { zh: '荷塘社区', en: 'Hetang Community', short: 'Hetang' },
    ],
  },
  {
    name: { zh: '松林街道', en: 'Songlin Street' },
    communities: [
      { zh: '松风社区', en: 'Songfeng Community', short: 'Songfeng' },
      { zh: '枫林社区', en: 'Fenglin Community', short: 'Fenglin' },
    ],
  },
];

const pad3 = (n: number) => String(n).padStart(3, '0');
const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * Where a cell lies, in cell units. Street s (1-based) owns columns 2(s-1) and 2(s-1)+1;
 * its community 001 is the northern half (rows 2–3), 002 the southern half (rows 0–1).
 * Cells in a community are numbered in reading order: 01 north-west, 02 north-east,
 * 03 south-west, 04 south-east.
 */
function cellPosition(street: number, community: number, cell: number): { cx: number; cy: number } {
  const cx = (street - 1) * 2 + ((cell - 1) % 2);
  const cy = (community === 1 ? 2 : 0) + (cell <= 2 ? 1 : 0);
  return { cx, cy };
}

/** The lattice node at the centre of a cell: an interior vertex, strictly inside it. */
function cellCentre(street: number, community: number, cell: number): Position {
  const { cx, cy } = cellPosition(street, community, cell);
  return node(cx * SUB + 1, cy * SUB + 1);
}

type DemoAreaProperties = {
  code: string;
  parentCode?: string;
  level: AreaLevel;
  nameZh: string;
  nameEn: string;
};

type DemoAreaFeature = { type: 'Feature'; properties: DemoAreaProperties; geometry: AreaGeometry };

/**
 * The demo area file: the city (its polygon is the district's bounding box, widened by
 * 0.01°), the district, 3 streets, 6 communities and 24 grid cells (grid-number width 2),
 * parents before children.
 */
export function buildDemoAreaFile(): { type: 'FeatureCollection'; features: DemoAreaFeature[] } {
  const features: DemoAreaFeature[] = [];
  const add = (properties: DemoAreaProperties, geometry: AreaGeometry) =>
    features.push({ type: 'Feature', properties, geometry });

  const district = cellBlock(0, 0, CELL_COLS, CELL_ROWS);
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x, y] of blockRing(0, 0, NX - 1, NY - 1)) {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  }
  const out = (v: number, dir: 1 | -1) => Math.round(v * 100 + dir * 1) / 100;
  const [w, s, e, n] = [out(minX, -1), out(minY, -1), out(maxX, 1), out(maxY, 1)];
  add(
    { code: CITY_CODE, level: 'city', nameZh: '明川市', nameEn: 'Mingchuan City' },
    {
      type: 'Polygon',
      coordinates: [
        [
          [w, s],
          [e, s],
          [e, n],
          [w, n],
          [w, s],
        ],
      ],
    },
  );
  add(
    {
      code: DISTRICT_CODE,
      parentCode: CITY_CODE,
      level: 'district',
      nameZh: '云河区',
      nameEn: 'Yunhe District',
    },
    district,
  );

  STREETS.forEach((street, si) => {
    const streetCode = `${DISTRICT_CODE}-${pad3(si + 1)}`;
    add(
      {
        code: streetCode,
        parentCode: DISTRICT_CODE,
        level: 'street',
        nameZh: street.name.zh,
        nameEn: street.name.en,
      },
      cellBlock(si * 2, 0, si * 2 + 2, CELL_ROWS),
    );
  });

  STREETS.forEach((street, si) => {
    street.communities.forEach((community, ci) => {
      const cy0 = ci === 0 ? 2 : 0;
      add(
        {
          code: `${DISTRICT_CODE}-${pad3(si + 1)}-${pad3(ci + 1)}`,
          parentCode: `${DISTRICT_CODE}-${pad3(si + 1)}`,
          level: 'community',
          nameZh: community.zh,
          nameEn: community.en,
        },
        cellBlock(si * 2, cy0, si * 2 + 2, cy0 + 2),
      );
    });
  });

  STREETS.forEach((street, si) => {
    street.communities.forEach((community, ci) => {
      const communityCode = `${DISTRICT_CODE}-${pad3(si + 1)}-${pad3(ci + 1)}`;
      for (let k = 1; k <= 4; k++) {
        const { cx, cy } = cellPosition(si + 1, ci + 1, k);
        add(
          {
            code: `${communityCode}-${pad2(k)}`,
            parentCode: communityCode,
            level: 'grid',
            nameZh: `${community.zh}第${k}网格`,
            nameEn: `${community.short} Grid ${k}`,
          },
          cellBlock(cx, cy, cx + 1, cy + 1),
        );
      }
    });
  });

  return { type: 'FeatureCollection', features };
}

/** The cells of the demo accounts `grid_worker_a` and `grid_worker_b`. */
export const DEMO_GRID_CODES: { a: string; b: string } = {
  /** 柳岸社区第1网格 / Liu'an Grid 1, Qingshi Street. */
  a: '990102-001-001-01',
  /** 荷塘社区第3网格 / Hetang Grid 3, Wanghu Street. */
  b: '990102-002-002-03',
};

const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

/** A point `t` of the way from `from` to `to`, rounded to 6 decimals. */
function between(from: Position, to: Position, t: number): Position {
  return [round6(from[0] + (to[0] - from[0]) * t), round6(from[1] + (to[1] - from[1]) * t)];
}

function point(label: string, p: Position, expectedCode: string) {
  return { label, lon: p[0], lat: p[1], expectedCode };
}

/**
 * Named sample points strictly inside known cells. Centres are the lattice node in the
 * middle of a cell; the "near the edge" points lie on an interior lattice edge of their
 * cell, 90 % of the way from the centre to the shared boundary, so ~100 m from it.
 */
export const DEMO_POINTS: { label: string; lon: number; lat: number; expectedCode: string }[] = [
  point("Liu'an Grid 1 centre (grid_worker_a)", cellCentre(1, 1, 1), '990102-001-001-01'),
  point('Hetang Grid 3 centre (grid_worker_b)', cellCentre(2, 2, 3), '990102-002-002-03'),
  point("Liu'an Grid 2 centre", cellCentre(1, 1, 2), '990102-001-001-02'),
  point('Shiqiao Grid 4 centre', cellCentre(1, 2, 4), '990102-001-002-04'),
  point('Hupan Grid 2 centre', cellCentre(2, 1, 2), '990102-002-001-02'),
  point('Songfeng Grid 1 centre', cellCentre(3, 1, 1), '990102-003-001-01'),
  point('Fenglin Grid 4 centre', cellCentre(3, 2, 4), '990102-003-002-04'),
  point(
    "Liu'an Grid 1, near its edge with Liu'an Grid 2",
    between(node(1, 7), node(2, 7), 0.9),
    '990102-001-001-01',
  ),
  point(
    "Liu'an Grid 2, near its edge with Liu'an Grid 1",
    between(node(3, 7), node(2, 7), 0.9),
    '990102-001-001-02',
  ),
  point(
    'Hetang Grid 1, near the community boundary with Hupan Grid 3',
    between(node(5, 3), node(5, 4), 0.9),
    '990102-002-002-01',
  ),
  point(
    "Liu'an Grid 2, near the street boundary with Hupan Grid 1",
    between(node(3, 7), node(4, 7), 0.9),
    '990102-001-001-02',
  ),
];

// ---------------------------------------------------------------------------------------
// Departments
// ---------------------------------------------------------------------------------------

/** A department of the demo district; parents come before children. */
export interface DemoDepartment {
  code: string;
  parentCode: string | null;
  nameZh: string;
  nameEn: string;
}

function dept(
  code: string,
  parentCode: string | null,
  nameZh: string,
  nameEn: string,
): DemoDepartment {
  return { code, parentCode, nameZh, nameEn };
}

/** The departments of 云河区 / Yunhe District (all fictional). */
export const DEMO_DEPARTMENTS: DemoDepartment[] = [
  dept(
    'grid-centre',
    null,
    '云河区网格化服务管理中心',
    'Yunhe District Grid Service and Management Centre',
  ),
  dept(
    'urban-management',
    null,
    '云河区城市管理综合执法局',
    'Urban Management and Law Enforcement Bureau',
  ),
  dept('sanitation', 'urban-management', '云河区环境卫生服务中心', 'Sanitation Service Centre'),
  dept('street-lighting', 'urban-management', '云河区路灯管理所', 'Street Lighting Office'),
  dept(
    'housing-construction',
    null,
    '云河区住房和城乡建设委员会',
    'Housing and Urban-Rural Development Commission',
  ),
  dept('water', null, '云河区水务局', 'Water Authority'),
  dept('drainage', 'water', '云河区排水管理所', 'Drainage Management Office'),
  dept('landscaping', null, '云河区园林绿化局', 'Landscaping and Greening Bureau'),
  dept('transport', null, '云河区交通局', 'Transport Bureau'),
  dept('road-maintenance', 'transport', '云河区道路养护中心', 'Road Maintenance Centre'),
  dept('ecology-environment', null, '云河区生态环境局', 'Ecology and Environment Bureau'),
  dept('market-regulation', null, '云河区市场监督管理局', 'Market Regulation Administration'),
  dept('civil-affairs', null, '云河区民政局', 'Civil Affairs Bureau'),
  dept('elderly-care', 'civil-affairs', '云河区养老服务指导中心', 'Elderly Care Service Centre'),
  dept('disability-services', 'civil-affairs', '云河区助残服务中心', 'Disability Support Centre'),
  dept('social-assistance', 'civil-affairs', '云河区社会救助事务中心', 'Social Assistance Centre'),
  dept(
    'human-resources',
    null,
    '云河区人力资源和社会保障局',
    'Human Resources and Social Security Bureau',
  ),
  dept('employment', 'human-resources', '云河区就业服务中心', 'Employment Service Centre'),
  dept('justice', null, '云河区司法局', 'Justice Bureau'),
  dept('legal-aid', 'justice', '云河区法律援助中心', 'Legal Aid Centre'),
  dept('people-mediation', 'justice', '云河区人民调解委员会', "People's Mediation Committee"),
  dept('fire-rescue', null, '云河区消防救援大队', 'Fire and Rescue Brigade'),
  dept('emergency-management', null, '云河区应急管理局', 'Emergency Management Bureau'),
  dept('power-supply', null, '明川供电公司云河供电中心', 'Power Supply Company, Yunhe Centre'),
  dept('gas-supply', null, '明川燃气集团云河分公司', 'Gas Company, Yunhe Branch'),
];

// ---------------------------------------------------------------------------------------
// Categories
// ---------------------------------------------------------------------------------------

/** A category of the default tree; parents come before children. */
export interface DemoCategory {
  code: string;
  parentCode: string | null;
  kind: CategoryKind;
  nameZh: string;
  nameEn: string;
  noticeZh: string | null;
  noticeEn: string | null;
  defaultPriority: Priority;
  departmentCode: string | null;
  attributes: CategoryAttribute[];
  duplicateRadiusM: number;
}

type Choice = { key: string; nameZh: string; nameEn: string };
const choice = (key: string, nameZh: string, nameEn: string): Choice => ({ key, nameZh, nameEn });

/** Attributes are written without `order`; it is their 1-based position in the list. */
type AttributeSpec = Omit<CategoryAttribute, 'order'>;

const DETAILS: AttributeSpec = {
  code: 'details',
  datatype: 'text',
  required: false,
  descriptionZh: '补充说明（请描述问题本身，勿填写他人姓名或联系方式）',
  descriptionEn:
    'Anything else the handler should know (describe the problem; please do not name other people or give their contact details)',
};

const COVER_STATE: AttributeSpec = {
  code: 'cover_state',
  datatype: 'singlevaluelist',
  required: true,
  descriptionZh: '井盖状况',
  descriptionEn: 'State of the cover',
  values: [
    choice('missing', '缺失', 'Missing'),
    choice('broken', '破损', 'Broken or cracked'),
    choice('displaced', '移位', 'Displaced'),
    choice('sunken', '下沉或凸起', 'Sunken or raised'),
    choice('rattling', '松动有异响', 'Loose, rattles when driven over'),
  ],
};

interface CategorySpec {
  code: string;
  zh: string;
  en: string;
  /** Inherited from the parent when absent. */
  kind?: CategoryKind;
  /** Inherited from the parent when absent. */
  priority?: Priority;
  /** Inherited from the parent when absent. */
  radius?: number;
  /** Inherited from the parent when absent. */
  dept?: string;
  notice?: { zh: string; en: string };
  attributes?: AttributeSpec[];
  children?: CategorySpec[];
}

function flattenCategories(specs: CategorySpec[]): DemoCategory[] {
  const out: DemoCategory[] = [];
  const walk = (
    spec: CategorySpec,
    parent: {
      code: string;
      kind: CategoryKind;
      priority: Priority;
      radius: number;
      dept: string | null;
    } | null,
  ) => {
    const kind = spec.kind ?? parent?.kind ?? 'other';
    const priority = spec.priority ?? parent?.priority ?? 'normal';
    const radius = spec.radius ?? parent?.radius ?? 50;
    const departmentCode = spec.dept ?? parent?.dept ?? null;
    out.push({
      code: spec.code,
      parentCode: parent?.code ?? null,
      kind,
      nameZh: spec.zh,
      nameEn: spec.en,
      noticeZh: spec.notice?.zh ?? null,
      noticeEn: spec.notice?.en ?? null,
      defaultPriority: priority,
      departmentCode,
      attributes: (spec.attributes ?? []).map((a, i) => ({ ...a, order: i + 1 })),
      duplicateRadiusM: radius,
    });
    for (const child of spec.children ?? []) {
      walk(child, { code: spec.code, kind, priority, radius, dept: departmentCode });
    }
  };
  for (const spec of specs) walk(spec, null);
  return out;
}

const COMPONENTS: CategorySpec = {
  code: 'C',
  zh: '部件',
  en: 'Components (public facilities)',
  kind: 'facility',
  children: [
    {
      code: 'C01',
      zh: '公用设施',
      en: 'Public utilities',
      children: [
        {
          code: 'C0101',
          zh: '上水井盖',
          en: 'Water supply manhole cover',
          dept: 'water',
          priority: 'high',
          notice: {
            zh: '井盖缺失时，如能安全做到，请提醒行人车辆绕行。',
            en: 'If the cover is missing, warn people away from the opening if you can do so safely.',
          },
          attributes: [COVER_STATE, DETAILS],
        },
        {
          code: 'C0102',
          zh: '污水井盖',
          en: 'Sewage manhole cover',
          dept: 'drainage',
          priority: 'high',
          notice: {
            zh: '井盖缺失时，如能安全做到，请提醒行人车辆绕行。',
            en: 'If the cover is missing, warn people away from the opening if you can do so safely.',
          },
          attributes: [COVER_STATE, DETAILS],
        },
        {
          code: 'C0103',
          zh: '雨水井盖',
          en: 'Storm drain cover',
          dept: 'drainage',
          priority: 'high',
          attributes: [COVER_STATE, DETAILS],
        },
        {
          code: 'C0104',
          zh: '路灯',
          en: 'Street light',
          dept: 'street-lighting',
          attributes: [
            {
              code: 'pole_number',
              datatype: 'string',
              required: false,
              descriptionZh: '灯杆编号（灯杆上的牌号，如有）',
              descriptionEn: 'Pole number (the plate on the pole, if any)',
            },
            {
              code: 'lamp_state',
              datatype: 'singlevaluelist',
              required: true,
              descriptionZh: '路灯状况',
              descriptionEn: 'What is wrong with the light',
              values: [
                choice('off', '夜间不亮', 'Off at night'),
                choice('flickering', '闪烁', 'Flickering'),
                choice('on_in_daytime', '白天常亮', 'On in daytime'),
              ],
            },
          ],
        },
        {
          code: 'C0105',
          zh: '消防栓',
          en: 'Fire hydrant',
          dept: 'fire-rescue',
          priority: 'high',
          attributes: [
            {
              code: 'hydrant_state',
              datatype: 'singlevaluelist',
              required: true,
              descriptionZh: '消防栓状况',
              descriptionEn: 'State of the hydrant',
              values: [
                choice('leaking', '漏水', 'Leaking'),
                choice('damaged', '损坏', 'Damaged'),
                choice('obstructed', '被占压或遮挡', 'Blocked or covered'),
                choice('cap_missing', '栓帽缺失', 'Cap missing'),
              ],
            },
          ],
        },
        {
          code: 'C0106',
          zh: '电力设施箱',
          en: 'Power distribution box',
          dept: 'power-supply',
          notice: {
            zh: '请勿触碰破损的电力设施，如有明火或冒烟请先拨打119。',
            en: 'Do not touch a damaged power box; if it sparks or smokes, call 119 first.',
          },
        },
      ],
    },
    {
      code: 'C02',
      zh: '道路交通',
      en: 'Roads and traffic',
      children: [
        { code: 'C0201', zh: '交通标志牌', en: 'Traffic sign', dept: 'transport' },
        { code: 'C0202', zh: '道路护栏', en: 'Road guardrail', dept: 'transport' },
        { code: 'C0203', zh: '公交候车亭', en: 'Bus shelter', dept: 'transport' },
        {
          code: 'C0204',
          zh: '道路破损',
          en: 'Damaged road surface',
          dept: 'road-maintenance',
          attributes: [
            {
              code: 'approx_size_m2',
              datatype: 'number',
              required: false,
              descriptionZh: '破损面积约多少平方米',
              descriptionEn: 'Approximate size of the damage, in square metres',
            },
            DETAILS,
          ],
        },
        { code: 'C0205', zh: '人行道板', en: 'Pavement slabs', dept: 'road-maintenance' },
      ],
    },
    {
      code: 'C03',
      zh: '市容环境',
      en: 'Street appearance facilities',
      children: [
        { code: 'C0301', zh: '公共厕所', en: 'Public toilet', dept: 'sanitation' },
        { code: 'C0302', zh: '果皮箱', en: 'Litter bin', dept: 'sanitation' },
        { code: 'C0303', zh: '垃圾楼（站）', en: 'Garbage station', dept: 'sanitation' },
        {
          code: 'C0304',
          zh: '户外广告设施',
          en: 'Outdoor advertising structure',
          dept: 'urban-management',
        },
      ],
    },
    {
      code: 'C04',
      zh: '园林绿化',
      en: 'Landscaping',
      dept: 'landscaping',
      children: [
        { code: 'C0401', zh: '行道树', en: 'Street tree' },
        { code: 'C0402', zh: '绿地', en: 'Green space' },
        { code: 'C0403', zh: '花坛', en: 'Flower bed' },
        { code: 'C0404', zh: '护树设施', en: 'Tree guard' },
      ],
    },
    {
      code: 'C05',
      zh: '房屋土地',
      en: 'Buildings and land',
      children: [
        {
          code: 'C0501',
          zh: '危房',
          en: 'Dangerous building',
          dept: 'housing-construction',
          priority: 'high',
          notice: {
            zh: '请远离可能坠落或倒塌的部位。',
            en: 'Keep away from anything that might fall or collapse.',
          },
          attributes: [
            {
              code: 'danger_signs',
              datatype: 'multivaluelist',
              required: true,
              descriptionZh: '可见的险情（可多选）',
              descriptionEn: 'What you can see (choose all that apply)',
              values: [
                choice('cracks', '墙体裂缝', 'Cracks in walls'),
                choice('leaning', '倾斜', 'Leaning'),
                choice('falling_parts', '构件脱落', 'Parts falling off'),
                choice('water_damage', '严重渗水', 'Serious water damage'),
              ],
            },
          ],
        },
        { code: 'C0502', zh: '违章建筑', en: 'Unauthorised structure', dept: 'urban-management' },
        { code: 'C0503', zh: '待建地', en: 'Vacant building plot', dept: 'housing-construction' },
      ],
    },
  ],
};

const EVENTS: CategorySpec = {
  code: 'E',
  zh: '事件',
  en: 'Events',
  kind: 'environment',
  children: [
    {
      code: 'E01',
      zh: '市容环境',
      en: 'Street appearance',
      children: [
        { code: 'E0101', zh: '暴露垃圾', en: 'Exposed garbage', dept: 'sanitation' },
        { code: 'E0102', zh: '道路不洁', en: 'Dirty road', dept: 'sanitation' },
        { code: 'E0103', zh: '乱倒乱卸', en: 'Illegal dumping', dept: 'urban-management' },
        { code: 'E0104', zh: '道路积水', en: 'Standing water on the road', dept: 'drainage' },
        { code: 'E0105', zh: '露天焚烧', en: 'Open burning', dept: 'urban-management' },
      ],
    },
    {
      code: 'E02',
      zh: '宣传广告',
      en: 'Advertising',
      dept: 'urban-management',
      children: [
        { code: 'E0201', zh: '非法小广告', en: 'Illegal small ads' },
        { code: 'E0202', zh: '违规张挂横幅', en: 'Unauthorised banner' },
        { code: 'E0203', zh: '违规户外广告', en: 'Unauthorised outdoor advertising' },
      ],
    },
    {
      code: 'E03',
      zh: '施工管理',
      en: 'Construction',
      children: [
        {
          code: 'E0301',
          zh: '夜间施工噪声',
          en: 'Construction noise at night',
          dept: 'urban-management',
          attributes: [
            {
              code: 'noise_time',
              datatype: 'datetime',
              required: true,
              descriptionZh: '听到噪声的时间',
              descriptionEn: 'When you heard the noise',
            },
            DETAILS,
          ],
        },
        { code: 'E0302', zh: '施工扬尘', en: 'Construction dust', dept: 'ecology-environment' },
        { code: 'E0303', zh: '道路遗撒', en: 'Spill on the road', dept: 'urban-management' },
        { code: 'E0304', zh: '施工占道', en: 'Works occupying the road', dept: 'transport' },
      ],
    },
    {
      code: 'E04',
      zh: '街面秩序',
      en: 'Street order',
      dept: 'urban-management',
      children: [
        { code: 'E0401', zh: '无照游商', en: 'Unlicensed street stall' },
        { code: 'E0402', zh: '店外经营', en: 'Business outside the shopfront' },
        {
          code: 'E0403',
          zh: '违法停车',
          en: 'Illegal parking',
          attributes: [
            {
              code: 'blocking',
              datatype: 'singlevaluelist',
              required: true,
              descriptionZh: '车辆占用或阻挡了',
              descriptionEn: 'What the vehicle blocks',
              values: [
                choice('fire_lane', '消防通道', 'Fire lane'),
                choice('sidewalk', '人行道', 'Pavement'),
                choice('driveway', '出入口', 'Entrance or driveway'),
                choice('bus_stop', '公交站', 'Bus stop'),
                choice('traffic_lane', '行车道', 'Traffic lane'),
              ],
            },
          ],
        },
        { code: 'E0404', zh: '占道经营', en: 'Pavement occupied by a business' },
        { code: 'E0405', zh: '共享单车乱停放', en: 'Badly parked shared bikes', dept: 'transport' },
      ],
    },
    {
      code: 'E05',
      zh: '突发事件',
      en: 'Emergencies',
      kind: 'safety',
      priority: 'urgent',
      radius: 100,
      dept: 'emergency-management',
      children: [
        {
          code: 'E0501',
          zh: '路面塌陷',
          en: 'Road collapse',
          dept: 'road-maintenance',
          notice: {
            zh: '请远离塌陷区域并提醒他人；如有人员受伤或被困，请先拨打120或119。',
            en: 'Keep away from the hole and warn others. If anyone is hurt or trapped, call 120 or 119 first.',
          },
        },
        { code: 'E0502', zh: '供水管线爆裂', en: 'Burst water main', dept: 'water' },
        {
          code: 'E0503',
          zh: '燃气泄漏',
          en: 'Gas leak',
          dept: 'gas-supply',
          notice: {
            zh: '如闻到燃气味，请先撤离并拨打119；不要开关电器或使用明火。',
            en: 'If you smell gas, leave and call 119 first. Do not switch anything on or off or use a flame.',
          },
        },
        {
          code: 'E0504',
          zh: '下水道堵塞冒溢',
          en: 'Blocked or overflowing sewer',
          dept: 'drainage',
        },
        {
          code: 'E0505',
          zh: '树木倒伏',
          en: 'Fallen tree',
          dept: 'landscaping',
          notice: {
            zh: '如树木压住电线，请远离并先拨打119。',
            en: 'If the tree touches power lines, keep away and call 119 first.',
          },
        },
      ],
    },
  ],
};

const SAFETY: CategorySpec = {
  code: 'SF',
  zh: '安全隐患',
  en: 'Safety hazards',
  kind: 'safety',
  priority: 'high',
  radius: 20,
  children: [
    {
      code: 'SF01',
      zh: '消防通道堵塞',
      en: 'Blocked fire exit or fire lane',
      dept: 'fire-rescue',
    },
    {
      code: 'SF02',
      zh: '消防设施缺失损坏',
      en: 'Fire safety equipment missing or broken',
      dept: 'fire-rescue',
      attributes: [
        {
          code: 'equipment',
          datatype: 'multivaluelist',
          required: true,
          descriptionZh: '涉及的设施（可多选）',
          descriptionEn: 'Which equipment (choose all that apply)',
          values: [
            choice('extinguisher', '灭火器', 'Fire extinguisher'),
            choice('hose_reel', '消火栓箱', 'Hose reel cabinet'),
            choice('emergency_light', '应急照明', 'Emergency lighting'),
            choice('exit_sign', '疏散指示标志', 'Exit sign'),
            choice('sprinkler', '喷淋', 'Sprinkler'),
          ],
        },
      ],
    },
    {
      code: 'SF03',
      zh: '房屋结构安全隐患',
      en: 'Unsafe structure',
      dept: 'housing-construction',
    },
    {
      code: 'SF04',
      zh: '电动自行车违规充电',
      en: 'E-bike charging indoors or in corridors',
      dept: 'fire-rescue',
      attributes: [
        {
          code: 'charging_place',
          datatype: 'singlevaluelist',
          required: true,
          descriptionZh: '充电位置',
          descriptionEn: 'Where it is charged',
          values: [
            choice('corridor', '楼道', 'Corridor'),
            choice('stairwell', '楼梯间', 'Stairwell'),
            choice('indoors', '室内', 'Indoors'),
            choice('trailing_cable', '飞线充电', 'Cable trailed from a window'),
          ],
        },
      ],
    },
    {
      code: 'SF05',
      zh: '燃气安全隐患',
      en: 'Gas safety hazard',
      dept: 'gas-supply',
      notice: {
        zh: '如闻到燃气味，请先撤离并拨打119。',
        en: 'If you smell gas, leave and call 119 first.',
      },
    },
    {
      code: 'SF06',
      zh: '经营场所安全隐患',
      en: 'Safety hazard at a business',
      dept: 'emergency-management',
    },
  ],
};

const DISPUTES: CategorySpec = {
  code: 'DP',
  zh: '矛盾纠纷',
  en: 'Disputes',
  kind: 'dispute',
  dept: 'justice',
  children: [
    { code: 'DP01', zh: '邻里纠纷', en: 'Neighbour dispute' },
    { code: 'DP02', zh: '婚姻家庭纠纷', en: 'Family dispute' },
    { code: 'DP03', zh: '物业纠纷', en: 'Property management dispute' },
    { code: 'DP04', zh: '劳动欠薪纠纷', en: 'Labour or unpaid wage dispute' },
    { code: 'DP05', zh: '房屋租赁纠纷', en: 'Landlord–tenant dispute' },
  ].map((d): CategorySpec => ({
    ...d,
    notice: {
      zh: '如有人身安全危险，请先拨打110。',
      en: 'If anyone is in danger, call 110 first.',
    },
    attributes: [
      {
        code: 'parties_count',
        datatype: 'number',
        required: false,
        descriptionZh: '涉及几方',
        descriptionEn: 'How many sides are involved',
      },
      DETAILS,
    ],
  })),
};

const SERVICES: CategorySpec = {
  code: 'SV',
  zh: '服务事项',
  en: 'Service requests',
  kind: 'service',
  children: [
    {
      code: 'SV01',
      zh: '养老服务',
      en: 'Elderly care',
      dept: 'elderly-care',
      attributes: [
        {
          code: 'help_needed',
          datatype: 'multivaluelist',
          required: true,
          descriptionZh: '需要哪些帮助（可多选）',
          descriptionEn: 'What help is needed (choose all that apply)',
          values: [
            choice('meals', '助餐', 'Meals'),
            choice('cleaning', '助洁', 'Cleaning'),
            choice('accompany_to_doctor', '陪同就医', 'Accompany to the doctor'),
            choice('home_visit', '上门探访', 'Home visits'),
            choice('alarm_device', '紧急呼叫设备', 'Emergency call device'),
          ],
        },
        DETAILS,
      ],
    },
    {
      code: 'SV02',
      zh: '助残服务',
      en: 'Disability support',
      dept: 'disability-services',
      attributes: [
        {
          code: 'support_needed',
          datatype: 'multivaluelist',
          required: true,
          descriptionZh: '需要哪些支持（可多选）',
          descriptionEn: 'What support is needed (choose all that apply)',
          values: [
            choice('accessibility', '无障碍设施', 'Accessibility of a place'),
            choice('assistive_device', '辅助器具', 'Assistive devices'),
            choice('home_care', '居家照护', 'Care at home'),
            choice('transport', '出行协助', 'Help getting about'),
          ],
        },
        DETAILS,
      ],
    },
    {
      code: 'SV03',
      zh: '社会救助',
      en: 'Social assistance',
      dept: 'social-assistance',
      attributes: [DETAILS],
    },
    {
      code: 'SV04',
      zh: '就业服务',
      en: 'Employment services',
      dept: 'employment',
      attributes: [
        {
          code: 'service_needed',
          datatype: 'singlevaluelist',
          required: true,
          descriptionZh: '需要的服务',
          descriptionEn: 'Which service',
          values: [
            choice('job_matching', '岗位推荐', 'Job matching'),
            choice('training', '职业培训', 'Vocational training'),
            choice('startup', '创业扶持', 'Starting a business'),
          ],
        },
      ],
    },
    { code: 'SV05', zh: '法律援助', en: 'Legal aid', dept: 'legal-aid', attributes: [DETAILS] },
  ],
};

const COMPLAINTS: CategorySpec = {
  code: 'CP',
  zh: '投诉',
  en: 'Complaints about a public service',
  kind: 'complaint',
  children: [
    { code: 'CP01', zh: '政务服务窗口', en: 'Government service counter', dept: 'grid-centre' },
    {
      code: 'CP02',
      zh: '环卫作业',
      en: 'Street cleaning and waste collection',
      dept: 'sanitation',
    },
    { code: 'CP03', zh: '供水服务', en: 'Water supply service', dept: 'water' },
    { code: 'CP04', zh: '供电服务', en: 'Power supply service', dept: 'power-supply' },
    {
      code: 'CP05',
      zh: '案件办理',
      en: 'Handling of a reported case',
      dept: 'grid-centre',
      attributes: [DETAILS],
    },
  ],
};

const OTHER: CategorySpec = {
  code: 'OT',
  zh: '其他',
  en: 'Other',
  kind: 'other',
  dept: 'grid-centre',
};

/**
 * The default category tree, parents before children: components (C) and events (E)
 * after GB/T 30428, then safety hazards (SF), disputes (DP), service requests (SV),
 * complaints (CP) and other (OT).
 */
export const DEMO_CATEGORIES: DemoCategory[] = flattenCategories([
  COMPONENTS,
  EVENTS,
  SAFETY,
  DISPUTES,
  SERVICES,
  COMPLAINTS,
  OTHER,
]);
