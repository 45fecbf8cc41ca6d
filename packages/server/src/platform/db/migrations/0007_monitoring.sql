-- Monitoring (watch rules, alerts, access anomalies) and the incident register.

-- One row per organisation: the version of its rule set (bumped on every change, so each node's
-- compiled automaton is rebuilt when it is stale), delivery thresholds and anomaly settings.
CREATE TABLE monitoring_settings (
  org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  rules_version bigint NOT NULL DEFAULT 1,
  email_min_severity text NOT NULL DEFAULT 'high' CHECK (email_min_severity IN ('low', 'medium', 'high', 'critical', 'never')),
  webhook_min_severity text NOT NULL DEFAULT 'low' CHECK (webhook_min_severity IN ('low', 'medium', 'high', 'critical', 'never')),
  -- Access anomalies: reveal/export rates, working hours, bulk export size.
  anomaly_settings jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- Small processing agent (ANPD Res. 2/2022): the ANPD deadlines double (Res. 15/2024).
  small_processing_agent boolean NOT NULL DEFAULT false,
  -- Last audit entry examined by the anomaly scan.
  audit_cursor bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id)
);

CREATE TABLE watch_rules (
  org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  kind text NOT NULL CHECK (kind IN ('terms', 'regex', 'pii')),
  terms text[] NOT NULL DEFAULT '{}',
  pattern text,
  pii_types text[] NOT NULL DEFAULT '{}',
  sensitive_flags text[] NOT NULL DEFAULT '{}',
  -- Empty means any.
  directions text[] NOT NULL DEFAULT '{}',
  channel_types text[] NOT NULL DEFAULT '{}',
  teams text[] NOT NULL DEFAULT '{}',
  severity text NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
  enabled boolean NOT NULL DEFAULT true,
  -- Seeded pack this rule came from (e.g. "pt-BR/credentials"), null when written by hand.
  pack text,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id)
);

CREATE TABLE alerts (
  org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('rule', 'anomaly')),
  rule_id uuid,
  rule_name text NOT NULL,
  anomaly text CHECK (anomaly IN ('reveal_rate', 'export_rate', 'off_hours', 'new_network', 'bulk_export')),
  severity text NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'resolved')),
  outcome text CHECK (outcome IN ('false_positive', 'handled', 'escalated')),
  message_id uuid,
  conversation_id uuid,
  contact_id uuid,
  -- The agent concerned: the sender of an outgoing message, the conversation's assignee, or the
  -- user whose access looked anomalous.
  agent_id uuid,
  -- What matched: rule terms (never the customer's words), entity types, or anomaly figures.
  matched text[] NOT NULL DEFAULT '{}',
  details jsonb NOT NULL DEFAULT '{}'::jsonb,
  direction text,
  assignee_id uuid,
  incident_id uuid,
  -- E-mail outbox: 'pending' until a worker sends it ('sent'); null when no e-mail is due.
  email_state text CHECK (email_state IN ('pending', 'sent')),
  acknowledged_at timestamptz,
  acknowledged_by uuid,
  resolved_at timestamptz,
  resolved_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id)
);
CREATE INDEX alerts_queue_idx ON alerts (org_id, status, created_at DESC);
CREATE INDEX alerts_created_idx ON alerts (org_id, created_at);
CREATE INDEX alerts_contact_idx ON alerts (org_id, contact_id);
CREATE INDEX alerts_email_idx ON alerts (org_id) WHERE email_state = 'pending';

-- The alert's timeline: who acknowledged, assigned, commented, resolved, intervened.
CREATE TABLE alert_events (
  org_id uuid NOT NULL,
  id uuid NOT NULL,
  alert_id uuid NOT NULL,
  type text NOT NULL,
  actor_id uuid,
  comment text,
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, alert_id) REFERENCES alerts (org_id, id) ON DELETE CASCADE
);
CREATE INDEX alert_events_alert_idx ON alert_events (org_id, alert_id, created_at);

-- Networks each user has signed in from (IPv4 /24, IPv6 /48), for "login from a new network".
CREATE TABLE known_networks (
  org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  user_id uuid NOT NULL,
  network text NOT NULL,
  first_seen_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, user_id, network)
);

-- The incident register (LGPD Art. 48, ANPD Res. 15/2024 Art. 10; GDPR Art. 33(5)): every
-- incident, notified or not, kept for at least five years.
CREATE TABLE incidents (
  org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  ref integer NOT NULL,
  title text NOT NULL,
  description text NOT NULL DEFAULT '',
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'contained', 'closed')),
  occurred_at timestamptz,
  discovered_at timestamptz NOT NULL,
  -- Time of knowledge: the clocks start here.
  known_at timestamptz NOT NULL,
  nature text[] NOT NULL DEFAULT '{}',
  data_categories text[] NOT NULL DEFAULT '{}',
  subject_categories text[] NOT NULL DEFAULT '{}',
  approx_subjects integer,
  approx_records integer,
  likely_consequences text NOT NULL DEFAULT '',
  measures_taken text NOT NULL DEFAULT '',
  risk_level text CHECK (risk_level IN ('low', 'medium', 'high')),
  risk_reasoning text NOT NULL DEFAULT '',
  notification_required boolean,
  delay_reasons text NOT NULL DEFAULT '',
  jurisdictions text[] NOT NULL DEFAULT '{anpd}',
  small_processing_agent boolean NOT NULL DEFAULT false,
  anpd_notified_at timestamptz,
  gdpr_notified_at timestamptz,
  subjects_notified_at timestamptz,
  alert_id uuid,
  created_by uuid,
  closed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, ref)
);

-- Reminders already sent (one per clock and kind), so a worker restart does not repeat them.
CREATE TABLE incident_reminders (
  org_id uuid NOT NULL,
  incident_id uuid NOT NULL,
  clock text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('due_soon', 'overdue')),
  sent_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, incident_id, clock, kind),
  FOREIGN KEY (org_id, incident_id) REFERENCES incidents (org_id, id) ON DELETE CASCADE
);

-- Subjects affected by an incident, and when each was notified (Res. 15/2024 Art. 9).
CREATE TABLE incident_subjects (
  org_id uuid NOT NULL,
  incident_id uuid NOT NULL,
  contact_id uuid NOT NULL,
  source text NOT NULL,
  notified_at timestamptz,
  notice_message_id uuid,
  added_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, incident_id, contact_id),
  FOREIGN KEY (org_id, incident_id) REFERENCES incidents (org_id, id) ON DELETE CASCADE
);

-- A conversation the DPO paused: agents cannot reply until it is resumed.
ALTER TABLE conversations ADD COLUMN paused_at timestamptz;
ALTER TABLE conversations ADD COLUMN paused_by uuid;
ALTER TABLE messages ADD COLUMN purged_by uuid;

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['monitoring_settings', 'watch_rules', 'alerts', 'alert_events', 'known_networks', 'incidents', 'incident_reminders', 'incident_subjects']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I TO sigilo_app USING (org_id = sigilo_current_org()) WITH CHECK (org_id = sigilo_current_org())', t);
    EXECUTE format('CREATE POLICY owner_maintenance ON %I TO %I USING (true) WITH CHECK (true)', t, current_user);
  END LOOP;
END $$;

GRANT SELECT, INSERT, UPDATE, DELETE ON monitoring_settings, watch_rules, alerts, alert_events, known_networks, incidents, incident_reminders, incident_subjects TO sigilo_app;
