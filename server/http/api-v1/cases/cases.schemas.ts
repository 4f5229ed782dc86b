/** TypeBox schemas of the case resource: validation, types and OpenAPI from one definition. */
import { Type, type Static } from '@sinclair/typebox';
import { CASE_STATUSES, CHANNELS, SATISFACTIONS, STAGES } from '../../../domain/cases/case.ts';
import { CASE_ACTIONS } from '../../../domain/cases/transitions.ts';
import { PRIORITIES } from '../../../domain/org/category.ts';

/** A string enum, typed as the union of its values. */
const literals = <T extends readonly string[]>(values: T) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values] });

const Text = (max: number, min = 0) => Type.String({ minLength: min, maxLength: max });
const IdRef = Type.String({ minLength: 1, maxLength: 64 });

export const ReportBody = Type.Object(
  {
    category: Type.String({
      minLength: 1,
      maxLength: 64,
      description: 'Category code (a leaf of the tree)',
    }),
    description: Text(5000, 1),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    lon: Type.Number({ minimum: -180, maximum: 180 }),
    address: Type.Optional(Text(300)),
    priority: Type.Optional(literals(PRIORITIES)),
    channel: Type.Optional(literals(CHANNELS)),
    title: Type.Optional(Text(120)),
    reporter: Type.Optional(
      Type.Object(
        {
          name: Type.Optional(Text(100)),
          phone: Type.Optional(Text(30)),
          email: Type.Optional(Text(200)),
          consent: Type.Boolean({ description: 'Contact details are stored only when true' }),
        },
        { additionalProperties: false },
      ),
    ),
    attributes: Type.Optional(
      Type.Record(Type.String({ maxLength: 64 }), Type.Unknown(), { maxProperties: 50 }),
    ),
    attachments: Type.Optional(
      Type.Array(IdRef, { maxItems: 10, description: 'Ids from POST /attachments' }),
    ),
  },
  { additionalProperties: false },
);
export type ReportBodyType = Static<typeof ReportBody>;

/** Fields each action needs (beyond `action` and `version`). */
export const REQUIRED_FIELDS: Record<(typeof CASE_ACTIONS)[number], string[]> = {
  register: [],
  reject: ['reason'],
  dispatch: ['department'],
  accept: [],
  resolve: ['report'],
  verify: ['ok'],
  close: ['answer'],
  suspend: ['reason'],
  resume: [],
  escalate: ['reason'],
  supervise: ['directive'],
  comment: ['text'],
};

export const ActionBody = Type.Object(
  {
    action: literals(CASE_ACTIONS),
    version: Type.Integer({
      minimum: 1,
      description: 'The version you read: a stale one gets 409',
    }),
    category: Type.Optional(Type.String({ maxLength: 64 })),
    priority: Type.Optional(literals(PRIORITIES)),
    note: Type.Optional(Text(2000)),
    reason: Type.Optional(Text(2000)),
    duplicateOf: Type.Optional(IdRef),
    department: Type.Optional(IdRef),
    handler: Type.Optional(IdRef),
    coDepartments: Type.Optional(Type.Array(IdRef, { maxItems: 20 })),
    responsibleLead: Type.Optional(Text(100)),
    deadline: Type.Optional(Type.String({ format: 'date-time' })),
    report: Type.Optional(Text(5000)),
    attachments: Type.Optional(Type.Array(IdRef, { maxItems: 10 })),
    ok: Type.Optional(Type.Boolean()),
    satisfaction: Type.Optional(literals(SATISFACTIONS)),
    answer: Type.Optional(Text(5000)),
    until: Type.Optional(Type.String({ format: 'date-time' })),
    directive: Type.Optional(Text(2000)),
    text: Type.Optional(Text(5000)),
    public: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type ActionBodyType = Static<typeof ActionBody>;

const Named = Type.Object({
  id: Type.String(),
  code: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
});

const StageDeadline = Type.Object({
  due: Type.String({ format: 'date-time' }),
  doneAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  overdue: Type.Boolean(),
});

export const CaseView = Type.Object(
  {
    id: Type.String(),
    trackingCode: Type.String(),
    category: Type.String({ description: 'Category code' }),
    title: Type.String(),
    description: Type.String(),
    address: Type.Union([Type.String(), Type.Null()]),
    lat: Type.Number(),
    lon: Type.Number(),
    area: Named,
    department: Type.Union([Named, Type.Null()]),
    coDepartments: Type.Array(Type.Object({ id: Type.String(), code: Type.String() })),
    handler: Type.Union([
      Type.Object({ id: Type.String(), displayName: Type.Optional(Type.String()) }),
      Type.Null(),
    ]),
    responsibleLead: Type.Union([Type.String(), Type.Null()]),
    priority: literals(PRIORITIES),
    channel: literals(CHANNELS),
    status: literals(CASE_STATUSES),
    suspendedFrom: Type.Union([literals(CASE_STATUSES), Type.Null()]),
    stage: Type.Union([literals(STAGES), Type.Null()]),
    stageDueAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    overdue: Type.Boolean(),
    deadlines: Type.Record(Type.String(), StageDeadline),
    reporter: Type.Object({
      anonymous: Type.Boolean(),
      consent: Type.Boolean(),
      name: Type.Optional(Type.Union([Type.String(), Type.Null()])),
      phone: Type.Optional(Type.Union([Type.String(), Type.Null()])),
      email: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    }),
    attributes: Type.Record(Type.String(), Type.Unknown()),
    duplicateOf: Type.Union([Type.String(), Type.Null()]),
    satisfaction: Type.Union([literals(SATISFACTIONS), Type.Null()]),
    answer: Type.Union([Type.String(), Type.Null()]),
    reworkCount: Type.Integer(),
    supervised: Type.Boolean(),
    escalations: Type.Integer(),
    version: Type.Integer(),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
    closedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    actions: Type.Optional(
      Type.Array(literals(CASE_ACTIONS), { description: 'Steps the caller may take now' }),
    ),
  },
  { $id: 'Case' },
);

export const EventView = Type.Object(
  {
    id: Type.String(),
    kind: Type.String(),
    action: Type.Union([Type.String(), Type.Null()]),
    fromStatus: Type.Union([Type.String(), Type.Null()]),
    toStatus: Type.Union([Type.String(), Type.Null()]),
    actor: Type.Union([
      Type.Object({ id: Type.String(), name: Type.Union([Type.String(), Type.Null()]) }),
      Type.Null(),
    ]),
    note: Type.Union([Type.String(), Type.Null()]),
    public: Type.Boolean(),
    details: Type.Record(Type.String(), Type.Unknown()),
    attachments: Type.Array(Type.Object({ id: Type.String(), mediaType: Type.String() })),
    at: Type.String({ format: 'date-time' }),
  },
  { $id: 'CaseEvent' },
);

export const ListQuery = Type.Object({
  status: Type.Optional(Type.Array(literals(CASE_STATUSES), { maxItems: 9 })),
  area: Type.Optional(Type.String({ maxLength: 64 })),
  category: Type.Optional(Type.String({ maxLength: 64 })),
  department: Type.Optional(Type.String({ maxLength: 64 })),
  handler: Type.Optional(Type.String({ maxLength: 64 })),
  priority: Type.Optional(Type.Array(literals(PRIORITIES), { maxItems: 4 })),
  overdue: Type.Optional(Type.Boolean()),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
  q: Type.Optional(Type.String({ maxLength: 100 })),
  cursor: Type.Optional(Type.String({ maxLength: 64 })),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
});

/** The answer to a report: the case plus open cases of the same category nearby. */
export const ReportAnswer = Type.Composite(
  [
    Type.Omit(CaseView, []),
    Type.Object({
      possibleDuplicates: Type.Array(
        Type.Object(
          {
            id: Type.Optional(Type.String()),
            trackingCode: Type.Optional(Type.String()),
            title: Type.Optional(Type.String()),
            status: Type.String(),
            distanceM: Type.Number(),
          },
          { description: 'id, trackingCode and title only for cases the caller may read' },
        ),
      ),
    }),
  ],
  { $id: 'ReportAnswer' },
);
