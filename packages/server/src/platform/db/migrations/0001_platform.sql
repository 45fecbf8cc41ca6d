-- Platform foundation: tenants, agents, sessions, API tokens, IP allowlist, audit log.
-- Runs unchanged on PostgreSQL 15+ and on PGlite (PostgreSQL 18 in WASM).

-- The application role: every tenant query runs under it (SET LOCAL ROLE) so that row-level
-- security applies even when the connection itself is a superuser.
DO $$
BEGIN
  CREATE ROLE sigilo_app NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL;
END $$;

DO $$
BEGIN
  EXECUTE format('GRANT sigilo_app TO %I', current_user);
EXCEPTION WHEN OTHERS THEN
  -- Already a member, or a superuser (who may SET ROLE to anything).
  NULL;
END $$;

GRANT USAGE ON SCHEMA public TO sigilo_app;

-- The tenant of the current transaction, set with set_config(..., true) by the application.
CREATE FUNCTION sigilo_current_org() RETURNS uuid
  LANGUAGE sql STABLE
  AS $$ SELECT NULLIF(current_setting('sigilo.org_id', true), '')::uuid $$;

CREATE TABLE organizations (
  id uuid PRIMARY KEY,
  slug text NOT NULL UNIQUE,
  name text NOT NULL,
  country text NOT NULL CHECK (country IN ('BR', 'ES', 'PT', 'EU')),
  require_2fa_roles text[] NOT NULL DEFAULT ARRAY['owner', 'admin', 'dpo'],
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  email text NOT NULL,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('owner', 'admin', 'dpo', 'supervisor', 'agent', 'auditor')),
  password_hash text NOT NULL,
  totp_secret_sealed bytea,
  totp_pending_sealed bytea,
  totp_enabled_at timestamptz,
  totp_last_step bigint,
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  disabled_at timestamptz,
  last_login_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, email)
);
CREATE INDEX users_email_idx ON users (email);

CREATE TABLE recovery_codes (
  org_id uuid NOT NULL,
  user_id uuid NOT NULL,
  code_hash text NOT NULL,
  used_at timestamptz,
  PRIMARY KEY (org_id, user_id, code_hash),
  FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id) ON DELETE CASCADE
);

CREATE TABLE sessions (
  org_id uuid NOT NULL,
  id uuid NOT NULL,
  user_id uuid NOT NULL,
  token_hash text NOT NULL UNIQUE,
  status text NOT NULL CHECK (status IN ('active', 'mfa_required', 'mfa_enrolment_required')),
  ip text,
  user_agent text,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id) ON DELETE CASCADE
);

CREATE TABLE api_tokens (
  org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  name text NOT NULL,
  prefix text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  scopes text[] NOT NULL,
  expires_at timestamptz NOT NULL,
  last_used_at timestamptz,
  revoked_at timestamptz,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id)
);

CREATE TABLE ip_allowlist (
  org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  cidr text NOT NULL,
  label text NOT NULL DEFAULT '',
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, cidr)
);

-- Append-only and hash-chained per organisation: the application role may only read and insert.
CREATE TABLE audit_log (
  org_id uuid NOT NULL REFERENCES organizations (id),
  seq bigint NOT NULL,
  id uuid NOT NULL,
  at timestamptz NOT NULL,
  actor_type text NOT NULL CHECK (actor_type IN ('user', 'token', 'system', 'anonymous')),
  actor_id text,
  actor_label text,
  action text NOT NULL,
  target_type text,
  target_id text,
  reason text,
  ip text,
  metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
  prev_hash text NOT NULL,
  hash text NOT NULL,
  PRIMARY KEY (org_id, seq)
);
CREATE INDEX audit_log_action_idx ON audit_log (org_id, action, seq);
CREATE INDEX audit_log_actor_idx ON audit_log (org_id, actor_id, seq);
CREATE INDEX audit_log_at_idx ON audit_log (org_id, at);

-- Row-level security: the application role sees only the rows of the tenant set for the
-- transaction; the owner (migrations, CLI maintenance, login look-up) keeps full access.
DO $$
DECLARE
  t text;
  col text;
BEGIN
  FOREACH t IN ARRAY ARRAY['organizations', 'users', 'recovery_codes', 'sessions', 'api_tokens', 'ip_allowlist', 'audit_log']
  LOOP
    col := CASE WHEN t = 'organizations' THEN 'id' ELSE 'org_id' END;
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I TO sigilo_app USING (%I = sigilo_current_org()) WITH CHECK (%I = sigilo_current_org())', t, col, col);
    EXECUTE format('CREATE POLICY owner_maintenance ON %I TO %I USING (true) WITH CHECK (true)', t, current_user);
  END LOOP;
END $$;

GRANT SELECT, UPDATE ON organizations TO sigilo_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON users, recovery_codes, sessions, api_tokens, ip_allowlist TO sigilo_app;
GRANT SELECT, INSERT ON audit_log TO sigilo_app;
