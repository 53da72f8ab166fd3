import { Type } from 'typebox';

export const SignInStatusBody = Type.Object({
  status: Type.Union([
    Type.Literal('signed_in'),
    Type.Literal('totp_required'),
    Type.Literal('totp_enrolment_required'),
  ]),
});

// The fields the sign-in forms share, defined once (an operator signs in without a service code).
const ServiceCode = Type.String({ minLength: 1, maxLength: 64 });
const Email = Type.String({ minLength: 3, maxLength: 254 });
const Password = Type.String({ minLength: 1, maxLength: 1024 });
/** A mailed link's token (invitation, password reset). */
const LinkToken = Type.String({ minLength: 10, maxLength: 200 });

export const LoginInput = Type.Object(
  { serviceCode: ServiceCode, email: Email, password: Password },
  { additionalProperties: false },
);

export const OperatorLoginInput = Type.Object(
  { email: Email, password: Password },
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
  { serviceCode: ServiceCode, email: Email },
  { additionalProperties: false },
);

export const PasswordResetConfirm = Type.Object(
  { token: LinkToken, newPassword: Password },
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
  { token: LinkToken, password: Password },
  { additionalProperties: false },
);
