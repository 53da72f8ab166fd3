import { Type } from 'typebox';

export const SignInStatusBody = Type.Object({
  status: Type.Union([
    Type.Literal('signed_in'),
    Type.Literal('totp_required'),
    Type.Literal('totp_enrolment_required'),
  ]),
});

export const LoginInput = Type.Object(
  {
    serviceCode: Type.String({ minLength: 1, maxLength: 64 }),
    email: Type.String({ minLength: 3, maxLength: 254 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);

export const OperatorLoginInput = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 254 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);

export const CodeInput = Type.Object(
  { code: Type.String({ minLength: 6, maxLength: 32, description: '6-digit TOTP code or a recovery code' }) },
  { additionalProperties: false },
);

export const Enrolment = Type.Object({
  secret: Type.String(),
  otpauthUri: Type.String(),
  qrSvg: Type.String(),
});

export const EnrolmentConfirmed = Type.Object({
  status: Type.Literal('signed_in'),
  recoveryCodes: Type.Array(Type.String()),
});

export const PasswordResetRequest = Type.Object(
  {
    serviceCode: Type.String({ minLength: 1, maxLength: 64 }),
    email: Type.String({ minLength: 3, maxLength: 254 }),
  },
  { additionalProperties: false },
);

export const PasswordResetConfirm = Type.Object(
  {
    token: Type.String({ minLength: 10, maxLength: 200 }),
    newPassword: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);

export const InvitationParams = Type.Object({ token: Type.String({ maxLength: 200 }) });

export const InvitationInfo = Type.Object({
  organisation: Type.Object({ serviceCode: Type.String(), nameJa: Type.String(), nameEn: Type.String() }),
  email: Type.String(),
  name: Type.String(),
  totpRequired: Type.Boolean(),
});

export const AcceptInvitationInput = Type.Object(
  {
    token: Type.String({ minLength: 10, maxLength: 200 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);
