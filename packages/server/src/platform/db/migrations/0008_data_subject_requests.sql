-- Data-subject requests (LGPD Art. 18, GDPR Arts. 15-22): the requests with their legal deadlines,
-- the one-time codes that verify identity, the history of each request, access bundles behind
-- expiring links, and corrections proposed by the subject.

CREATE TABLE data_subject_requests (
  org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  -- The number the requester quotes (per organisation).
  ref integer NOT NULL,
  kind text NOT NULL CHECK (kind IN ('confirmation', 'access', 'portability', 'correction', 'erasure', 'anonymisation', 'blocking',
    'objection', 'restriction', 'consent_withdrawal', 'sharing_info', 'refusal_consequences')),
  status text NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'identity_verified', 'in_progress', 'extended', 'completed', 'rejected')),
  -- Which law's clock runs: LGPD Art. 19 (15 days) or GDPR Art. 12(3) (one month, +2).
  law text NOT NULL CHECK (law IN ('LGPD', 'GDPR')),
  -- The contact the request is about (pseudonymous id; kept after erasure as proof of the answer).
  contact_id uuid,
  -- Other contacts found for the same person through the identity graph: answered together.
  related_contact_ids uuid[] DEFAULT '{}',
  -- The identity the code was sent to (or the agent checked), to tell the requester of each step.
  identity_id uuid,
  language text NOT NULL CHECK (language IN ('pt-BR', 'es', 'en')),
  channel text NOT NULL CHECK (channel IN ('portal', 'phone', 'letter', 'email', 'in_person')),
  -- What the subject wrote, sealed with an organisation key (it may hold personal data).
  details_sealed bytea,
  -- Agent-registered requests: how identity was checked (document shown, call-back...), sealed.
  evidence_sealed bytea,
  duplicate_of uuid,
  repeat_of uuid,
  received_at timestamptz NOT NULL DEFAULT now(),
  due_at timestamptz NOT NULL,
  extended_due_at timestamptz,
  extension_reason text,
  rejection_reason text,
  verified_at timestamptz,
  completed_at timestamptz,
  -- Counts and legal bases of what was erased or kept, job id; never content.
  outcome jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, ref)
);
CREATE INDEX data_subject_requests_queue_idx ON data_subject_requests (org_id, status, due_at);
CREATE INDEX data_subject_requests_contact_idx ON data_subject_requests (org_id, contact_id, kind);

-- Every step of a request: the audit log has the same, this is the requester-facing history.
CREATE TABLE data_subject_request_events (
  org_id uuid NOT NULL,
  id uuid NOT NULL,
  request_id uuid NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  type text NOT NULL,
  actor_id uuid,
  -- Reasons given by staff (rejection, extension): no content of the subject's data.
  note text,
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, request_id) REFERENCES data_subject_requests (org_id, id) ON DELETE CASCADE
);
CREATE INDEX data_subject_request_events_idx ON data_subject_request_events (org_id, request_id, at);

-- One-time codes. A code asked for an identity that is not on file gets a row too (no request, no
-- contact, no e-mail sent) so the answer and the timing look the same either way.
CREATE TABLE data_subject_verifications (
  org_id uuid NOT NULL,
  id uuid NOT NULL,
  -- HMAC of the identity (the contacts' blind index), for per-identity rate limits.
  blind_index text NOT NULL,
  request_id uuid,
  contact_id uuid,
  code_hash text NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  expires_at timestamptz NOT NULL,
  verified_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id)
);
CREATE INDEX data_subject_verifications_identity_idx ON data_subject_verifications (org_id, blind_index, created_at);

-- Access/portability bundles, sealed with the subject's data key (erasing them shreds the bundle).
CREATE TABLE data_subject_exports (
  org_id uuid NOT NULL,
  id uuid NOT NULL,
  request_id uuid NOT NULL,
  contact_id uuid NOT NULL,
  status text NOT NULL DEFAULT 'building' CHECK (status IN ('building', 'ready', 'failed', 'expired')),
  bundle_sealed bytea,
  size_bytes integer,
  counts jsonb NOT NULL DEFAULT '{}'::jsonb,
  expires_at timestamptz NOT NULL,
  downloads integer NOT NULL DEFAULT 0,
  last_downloaded_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, request_id) REFERENCES data_subject_requests (org_id, id) ON DELETE CASCADE
);

-- A correction proposed by the subject, decided by an agent, then applied and passed on.
CREATE TABLE data_subject_corrections (
  org_id uuid NOT NULL,
  id uuid NOT NULL,
  request_id uuid NOT NULL,
  contact_id uuid NOT NULL,
  field text NOT NULL CHECK (field IN ('display_name', 'email', 'phone', 'document')),
  -- The new value, sealed with the subject's data key.
  proposed_sealed bytea NOT NULL,
  status text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'applied', 'declined')),
  decided_by uuid,
  decided_at timestamptz,
  decision_note text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, request_id) REFERENCES data_subject_requests (org_id, id) ON DELETE CASCADE
);

-- Objection and restriction (blocking): flags that processing checks (contactProcessingLimits).
CREATE TABLE contact_processing_limits (
  org_id uuid NOT NULL,
  contact_id uuid NOT NULL,
  objection_at timestamptz,
  restricted_at timestamptz,
  request_id uuid,
  PRIMARY KEY (org_id, contact_id)
);

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['data_subject_requests', 'data_subject_request_events', 'data_subject_verifications', 'data_subject_exports', 'data_subject_corrections', 'contact_processing_limits']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I TO sigilo_app USING (org_id = sigilo_current_org()) WITH CHECK (org_id = sigilo_current_org())', t);
    EXECUTE format('CREATE POLICY owner_maintenance ON %I TO %I USING (true) WITH CHECK (true)', t, current_user);
  END LOOP;
END $$;

GRANT SELECT, INSERT, UPDATE, DELETE ON data_subject_requests, data_subject_request_events, data_subject_verifications,
  data_subject_exports, data_subject_corrections, contact_processing_limits TO sigilo_app;
