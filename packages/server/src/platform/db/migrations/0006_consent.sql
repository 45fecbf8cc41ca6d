-- Consent and transparency: processing purposes with their legal bases, the controller's notice
-- settings, immutable versions of the privacy notice, and the append-only consent ledger.

-- What the organisation does with personal data and on which legal basis. Editable: what a
-- customer was told is frozen in the notice version their consent points at.
CREATE TABLE consent_purposes (
  org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  -- Stable handle used by integrations and the check API (e.g. 'marketing').
  key text NOT NULL CHECK (key ~ '^[a-z][a-z0-9_]{1,48}$'),
  -- fideslang data use, e.g. 'marketing.communications.email'.
  data_use text NOT NULL,
  -- { "pt-BR": "…", "es": "…", "en": "…" }
  names jsonb NOT NULL,
  descriptions jsonb NOT NULL,
  data_categories text[] NOT NULL DEFAULT '{}',
  -- consent | contract | legal_obligation | legitimate_interest | vital_interest | public_task |
  -- health_protection | research | exercise_of_rights | credit_protection | fraud_prevention
  legal_basis text NOT NULL,
  lgpd_article text NOT NULL,
  gdpr_article text NOT NULL,
  -- Special-category data (LGPD Art. 11, GDPR Art. 9): consent must be specific and highlighted.
  sensitive boolean NOT NULL DEFAULT false,
  -- Why the basis applies: the legitimate-interest balancing note, the statute of a legal obligation.
  basis_note text NOT NULL DEFAULT '',
  retention_days integer CHECK (retention_days IS NULL OR retention_days > 0),
  retention_note text NOT NULL DEFAULT '',
  -- [{ "name": "Meta Platforms (WhatsApp)", "country": "US", "role": "processor" }]
  recipients jsonb NOT NULL DEFAULT '[]'::jsonb,
  international_transfer boolean NOT NULL DEFAULT false,
  transfer_mechanism text NOT NULL DEFAULT '',
  -- Channels where the customer is asked (consent-based purposes only).
  channels text[] NOT NULL DEFAULT '{}',
  -- A given consent lapses after this many days (NULL: until withdrawn).
  consent_validity_days integer CHECK (consent_validity_days IS NULL OR consent_validity_days > 0),
  active boolean NOT NULL DEFAULT true,
  position integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, key)
);

-- The controller's identity for the notice, the DPO's contact, and texts the organisation wrote.
CREATE TABLE consent_settings (
  org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  controller_name text NOT NULL DEFAULT '',
  controller_id_number text NOT NULL DEFAULT '',
  controller_address text NOT NULL DEFAULT '',
  controller_email text NOT NULL DEFAULT '',
  dpo_name text NOT NULL DEFAULT '',
  dpo_email text NOT NULL DEFAULT '',
  rights_url text NOT NULL DEFAULT '',
  -- { "pt-BR": { "intro": "…", "short": "…", "recording": "…" }, … }
  texts jsonb NOT NULL DEFAULT '{}'::jsonb,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id)
);

-- Each published version of the privacy notice, never changed afterwards: the application role may
-- only read and insert. content holds the purposes as published and the texts in three languages;
-- content_hash is SHA-256 over its canonical JSON.
CREATE TABLE privacy_notices (
  org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  version integer NOT NULL,
  effective_at timestamptz NOT NULL,
  content jsonb NOT NULL,
  content_hash text NOT NULL,
  -- Consent-based purposes whose terms changed from the previous version: consents given under an
  -- earlier version for these need renewal.
  renewal_purposes text[] NOT NULL DEFAULT '{}',
  change_note text NOT NULL DEFAULT '',
  published_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, version)
);

-- The consent ledger. Append-only (SELECT and INSERT only for the application role) and chained
-- per organisation like the audit log: each event carries the HMAC of the previous one.
CREATE TABLE consent_events (
  org_id uuid NOT NULL REFERENCES organizations (id),
  seq bigint NOT NULL,
  id uuid NOT NULL,
  at timestamptz NOT NULL,
  contact_id uuid NOT NULL,
  purpose_id uuid NOT NULL,
  purpose_key text NOT NULL,
  event text NOT NULL CHECK (event IN ('given', 'refused', 'withdrawn', 'expired', 'renewed')),
  notice_id uuid NOT NULL,
  notice_version integer NOT NULL,
  notice_hash text NOT NULL,
  channel text NOT NULL CHECK (channel IN ('webchat', 'whatsapp', 'voice', 'email', 'api', 'agent', 'portal', 'system')),
  channel_id uuid,
  method text NOT NULL,
  -- Facts that are not personal data: message id, call id, agent id, the agent's note.
  evidence jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- IP address and user agent, sealed with an organisation key (kept as proof after a contact's
  -- data key is shredded), with a masked copy for display.
  evidence_sealed bytea,
  ip_masked text,
  language text NOT NULL,
  jurisdiction text NOT NULL,
  actor_type text NOT NULL CHECK (actor_type IN ('contact', 'user', 'token', 'system')),
  actor_id text,
  prev_hash text NOT NULL,
  hash text NOT NULL,
  PRIMARY KEY (org_id, seq),
  UNIQUE (org_id, id)
);
CREATE INDEX consent_events_state_idx ON consent_events (org_id, contact_id, purpose_id, seq DESC);
CREATE INDEX consent_events_purpose_idx ON consent_events (org_id, purpose_id, at);

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['consent_purposes', 'consent_settings', 'privacy_notices', 'consent_events']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I TO sigilo_app USING (org_id = sigilo_current_org()) WITH CHECK (org_id = sigilo_current_org())', t);
    EXECUTE format('CREATE POLICY owner_maintenance ON %I TO %I USING (true) WITH CHECK (true)', t, current_user);
  END LOOP;
END $$;

-- Purposes are retired (active = false), never deleted: ledger events keep pointing at them.
GRANT SELECT, INSERT, UPDATE ON consent_purposes, consent_settings TO sigilo_app;
GRANT SELECT, INSERT ON privacy_notices, consent_events TO sigilo_app;
