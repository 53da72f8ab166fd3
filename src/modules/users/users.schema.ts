import { type Static, Type } from 'typebox';
import { CONTENT_MODULES } from '../../platform/access/permissions.js';

const Level = Type.Union([
  Type.Literal('none'),
  Type.Literal('view'),
  Type.Literal('edit'),
  Type.Literal('publish'),
]);

export const Rights = Type.Object(
  Object.fromEntries(CONTENT_MODULES.map((m) => [m, Type.Optional(Level)])) as Record<
    (typeof CONTENT_MODULES)[number],
    ReturnType<typeof Type.Optional<typeof Level>>
  >,
  { additionalProperties: false, description: 'Rights per module: none / view / edit / publish' },
);
export type RightsInput = Static<typeof Rights>;

const Email = Type.String({ format: 'email', maxLength: 254 });
// Stored trimmed (1–100 characters, the table's CHECK): a name of spaces or line breaks alone is
// refused here (400, the field named), not by the database after the trim (a 500).
export const Name = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' });
const Role = Type.Union([Type.Literal('admin'), Type.Literal('general')]);

export const User = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  email: Type.String(),
  role: Role,
  status: Type.Union([Type.Literal('invited'), Type.Literal('active'), Type.Literal('suspended')]),
  rights: Type.Record(Type.String(), Type.String()),
  totpEnabled: Type.Boolean(),
  lastSignInAt: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  invitationExpiresAt: Type.Union([Type.String(), Type.Null()]),
});
export type User = Static<typeof User>;

export const CreateUserInput = Type.Object(
  { name: Name, email: Email, role: Type.Optional(Role), rights: Type.Optional(Rights) },
  { additionalProperties: false },
);
export type CreateUserInput = Static<typeof CreateUserInput>;

export const UpdateUserInput = Type.Object(
  { name: Type.Optional(Name), role: Type.Optional(Role), rights: Type.Optional(Rights) },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateUserInput = Static<typeof UpdateUserInput>;

export const UserIdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

export const SecuritySettings = Type.Object(
  {
    totpRequiredForGeneral: Type.Boolean(),
    idleTimeoutMinutes: Type.Integer({ minimum: 5, maximum: 480 }),
    absoluteLifetimeHours: Type.Integer({ minimum: 1, maximum: 24 }),
  },
  { additionalProperties: false },
);
export type SecuritySettings = Static<typeof SecuritySettings>;

export const ChangePasswordInput = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: 1024 }),
    newPassword: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);

export const SessionInfo = Type.Object({
  id: Type.String(),
  createdAt: Type.String(),
  lastSeenAt: Type.String(),
  ip: Type.Union([Type.String(), Type.Null()]),
  userAgent: Type.Union([Type.String(), Type.Null()]),
  current: Type.Boolean(),
});
