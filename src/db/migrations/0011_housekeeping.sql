-- Housekeeping: ended and expired sessions are purged after a retention period (they hold a
-- socket address and a user agent, which need not be kept longer than the audit log needs them:
-- sign-ins and sign-outs are in the audit log already).
GRANT DELETE ON auth.sessions TO mitte_app;
CREATE INDEX sessions_expires_at ON auth.sessions (expires_at);
