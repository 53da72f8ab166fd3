import pg from 'pg';

/** Owns schemas and tables; runs migrations. Never used by the running app. */
export const OWNER_ROLE = 'mitte_owner';
/** The running app: owns nothing, not superuser, no BYPASSRLS, cannot become the owner. */
export const APP_ROLE = 'mitte_app';
/**
 * Public reads (issue 13): may read the published read model and nothing else. Never logs in;
 * the app's reader connections `SET ROLE` to it once, so each public read is one statement.
 */
export const READER_ROLE = 'mitte_reader';
/**
 * `mitte backup` on PostgreSQL (BACKUP_DATABASE_URL): reads every row of every organisation
 * (BYPASSRLS, pg_read_all_data) and can write nothing; not superuser, owns nothing.
 */
export const BACKUP_ROLE = 'mitte_backup';

const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;

function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export interface RoleSetupOptions {
  database: string;
  ownerPassword?: string | undefined;
  appPassword?: string | undefined;
  backupPassword?: string | undefined;
  /**
   * Whether the backup role may log in without a password of its own (development and tests,
   * where pg_hba trusts local connections). Otherwise it can log in only once it has a password:
   * a role that reads every organisation's rows must not be one trust rule away.
   */
  backupLoginWithoutPassword?: boolean;
}

/** SQL a superuser runs once per cluster/database; safe to run again. */
export function roleSetupStatements(options: RoleSetupOptions): { cluster: string[]; database: string[] } {
  if (!IDENT.test(options.database)) throw new Error(`database name must match ${IDENT}`);
  const role = (name: string, password: string | undefined, rls = 'NOBYPASSRLS') => {
    const attrs = `LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE ${rls} NOREPLICATION${
      password ? ` PASSWORD ${literal(password)}` : ''
    }`;
    return `DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${name}') THEN CREATE ROLE ${name} ${attrs};
  ELSE ALTER ROLE ${name} ${attrs}; END IF; END $$`;
  };
  const backupMayLogIn = Boolean(options.backupPassword) || options.backupLoginWithoutPassword === true;
  // Without a password (and not allowed to log in without one) the backup role cannot log in,
  // unless a password was set by an earlier run: running db-setup again keeps that working.
  const backupRole = backupMayLogIn
    ? role(BACKUP_ROLE, options.backupPassword, 'BYPASSRLS')
    : `DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${BACKUP_ROLE}') THEN
    CREATE ROLE ${BACKUP_ROLE} NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE BYPASSRLS NOREPLICATION;
  ELSIF (SELECT rolpassword IS NULL FROM pg_authid WHERE rolname = '${BACKUP_ROLE}') THEN
    ALTER ROLE ${BACKUP_ROLE} NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE BYPASSRLS NOREPLICATION;
  ELSE
    ALTER ROLE ${BACKUP_ROLE} NOSUPERUSER NOCREATEDB NOCREATEROLE BYPASSRLS NOREPLICATION;
  END IF; END $$`;
  return {
    cluster: [
      role(OWNER_ROLE, options.ownerPassword),
      role(APP_ROLE, options.appPassword),
      // The app must never be able to SET ROLE to the owner.
      `REVOKE ${OWNER_ROLE} FROM ${APP_ROLE}`,
      `DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${READER_ROLE}') THEN
    CREATE ROLE ${READER_ROLE} NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOREPLICATION;
  END IF; END $$`,
      // The app may become the reader (SET ROLE) but does not inherit its rights meanwhile.
      `ALTER ROLE ${APP_ROLE} NOINHERIT`,
      `GRANT ${READER_ROLE} TO ${APP_ROLE}`,
      backupRole,
      // Read-only on every table, view and sequence (PostgreSQL 14+), and nothing else.
      `GRANT pg_read_all_data TO ${BACKUP_ROLE}`,
      `REVOKE ${OWNER_ROLE} FROM ${BACKUP_ROLE}`,
      `REVOKE ${APP_ROLE} FROM ${BACKUP_ROLE}`,
    ],
    database: [
      `REVOKE ALL ON DATABASE ${options.database} FROM PUBLIC`,
      `GRANT CONNECT, TEMPORARY ON DATABASE ${options.database} TO ${APP_ROLE}`,
      `GRANT CONNECT, CREATE ON DATABASE ${options.database} TO ${OWNER_ROLE}`,
      `GRANT CONNECT ON DATABASE ${options.database} TO ${BACKUP_ROLE}`,
      'REVOKE CREATE ON SCHEMA public FROM PUBLIC',
    ],
  };
}

/**
 * Creates the roles and the database (owned by the owner role) through a superuser
 * connection. Returns what was done, for the CLI to print.
 */
export async function setupDatabaseRoles(adminUrl: string, options: RoleSetupOptions): Promise<string[]> {
  const statements = roleSetupStatements(options);
  const done: string[] = [];
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    for (const sql of statements.cluster) await admin.query(sql);
    done.push(`roles ${OWNER_ROLE}, ${APP_ROLE}, ${READER_ROLE}, ${BACKUP_ROLE} ready`);
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [options.database]);
    if (exists.rows.length === 0) {
      await admin.query(`CREATE DATABASE ${options.database} OWNER ${OWNER_ROLE}`);
      done.push(`database ${options.database} created`);
    }
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${options.database}`;
  const inDb = new pg.Client({ connectionString: url.toString() });
  await inDb.connect();
  try {
    for (const sql of statements.database) await inDb.query(sql);
    done.push(`privileges on ${options.database} set`);
  } finally {
    await inDb.end();
  }
  return done;
}

/** Whether the connected role could bypass row-level security (it must not, for the app). */
export async function inspectConnectedRole(
  pool: pg.Pool,
): Promise<{ role: string; superuser: boolean; bypassRls: boolean; ownsTables: number }> {
  const { rows } = await pool.query<{ role: string; superuser: boolean; bypass: boolean; owns: number }>(
    `SELECT current_user AS role, r.rolsuper AS superuser, r.rolbypassrls AS bypass,
            (SELECT count(*)::int FROM pg_tables t
              WHERE t.tableowner = current_user AND t.schemaname IN ('provider', 'tenant', 'audit')) AS owns
       FROM pg_roles r WHERE r.rolname = current_user`,
  );
  const row = rows[0]!;
  return { role: row.role, superuser: row.superuser, bypassRls: row.bypass, ownsTables: row.owns };
}
