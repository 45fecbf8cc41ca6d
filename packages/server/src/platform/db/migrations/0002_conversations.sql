-- Conversations with privacy-by-design storage: contacts with sealed identities, per-contact data
-- keys (crypto-shredding), conversations, messages stored masked and sealed, channels.

-- One data key per contact, wrapped by the master key. Deleting the row (shredSubjectKey) makes
-- every sealed value of that contact unreadable, in this database and in every copy of it.
CREATE TABLE contact_keys (
  org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  contact_id uuid NOT NULL,
  wrapped_key bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, contact_id)
);

CREATE TABLE contacts (
  org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  -- What agents see: the name the customer gave (addressing them needs it); identifiers are masked.
  display_name text NOT NULL DEFAULT '',
  locale text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id)
);

-- E-mail, phone (E.164), WhatsApp id, Meta business-scoped user id, document numbers. Found by blind
-- index (HMAC), never by plaintext; the value itself is sealed with the contact's key.
CREATE TABLE contact_identities (
  org_id uuid NOT NULL,
  id uuid NOT NULL,
  contact_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('email', 'phone', 'whatsapp', 'bsuid', 'document', 'webchat')),
  blind_index text NOT NULL,
  value_sealed bytea NOT NULL,
  value_masked text NOT NULL,
  verified_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, kind, blind_index),
  FOREIGN KEY (org_id, contact_id) REFERENCES contacts (org_id, id) ON DELETE CASCADE
);
CREATE INDEX contact_identities_contact_idx ON contact_identities (org_id, contact_id);

CREATE TABLE channels (
  org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  type text NOT NULL CHECK (type IN ('webchat', 'whatsapp', 'email', 'voice', 'api')),
  name text NOT NULL,
  -- Non-secret settings (phone number id, Graph API URL, widget options).
  settings jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- Access tokens and app secrets, sealed with an organisation key derived from the master key.
  secrets_sealed bytea,
  -- Public routing keys: the web widget's key, WhatsApp's phone number id.
  public_key text UNIQUE,
  enabled boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id)
);

CREATE TABLE conversations (
  org_id uuid NOT NULL,
  id uuid NOT NULL,
  contact_id uuid NOT NULL,
  channel_id uuid,
  channel_type text NOT NULL CHECK (channel_type IN ('webchat', 'whatsapp', 'email', 'voice', 'api')),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'pending', 'resolved')),
  assignee_id uuid,
  team text,
  priority text NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  last_message_at timestamptz NOT NULL DEFAULT now(),
  last_inbound_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, contact_id) REFERENCES contacts (org_id, id) ON DELETE CASCADE
);
CREATE INDEX conversations_list_idx ON conversations (org_id, status, last_message_at DESC);
CREATE INDEX conversations_contact_idx ON conversations (org_id, contact_id);

CREATE TABLE messages (
  org_id uuid NOT NULL,
  id uuid NOT NULL,
  conversation_id uuid NOT NULL,
  contact_id uuid NOT NULL,
  direction text NOT NULL CHECK (direction IN ('inbound', 'outbound')),
  sender_type text NOT NULL CHECK (sender_type IN ('contact', 'agent', 'system', 'bot')),
  sender_id uuid,
  content_type text NOT NULL DEFAULT 'text',
  -- What agents and search see; card numbers keep at most their last four digits here too.
  body_masked text NOT NULL,
  -- The original, AES-256-GCM with the contact's data key, AAD = org id + message id.
  body_sealed bytea,
  -- Entity types found (no values), and special-category flags (LGPD Art. 11 / GDPR Art. 9).
  pii_types text[] NOT NULL DEFAULT '{}',
  sensitive_flags text[] NOT NULL DEFAULT '{}',
  search_config regconfig NOT NULL DEFAULT 'simple',
  search tsvector GENERATED ALWAYS AS (to_tsvector(search_config, body_masked)) STORED,
  state text NOT NULL DEFAULT 'received' CHECK (state IN ('received', 'queued', 'sent', 'delivered', 'read', 'failed')),
  error jsonb,
  channel_id uuid,
  channel_message_id text,
  metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
  purged_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, conversation_id) REFERENCES conversations (org_id, id) ON DELETE CASCADE
);
CREATE INDEX messages_conversation_idx ON messages (org_id, conversation_id, created_at);
CREATE INDEX messages_contact_idx ON messages (org_id, contact_id);
CREATE INDEX messages_search_idx ON messages USING gin (search);
-- Idempotent ingest: a channel delivers a message id once, however often it retries.
CREATE UNIQUE INDEX messages_channel_message_idx ON messages (org_id, channel_id, channel_message_id) WHERE channel_message_id IS NOT NULL;

CREATE TABLE attachments (
  org_id uuid NOT NULL,
  id uuid NOT NULL,
  message_id uuid NOT NULL,
  contact_id uuid NOT NULL,
  mime_type text NOT NULL,
  size_bytes integer NOT NULL,
  filename_masked text,
  content_sealed bytea,
  channel_media_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, message_id) REFERENCES messages (org_id, id) ON DELETE CASCADE
);

-- Masking policy per entity type: mask | partial | show (organisation setting).
ALTER TABLE organizations ADD COLUMN masking_policy jsonb NOT NULL DEFAULT '{}'::jsonb;

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['contact_keys', 'contacts', 'contact_identities', 'channels', 'conversations', 'messages', 'attachments']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I TO sigilo_app USING (org_id = sigilo_current_org()) WITH CHECK (org_id = sigilo_current_org())', t);
    EXECUTE format('CREATE POLICY owner_maintenance ON %I TO %I USING (true) WITH CHECK (true)', t, current_user);
  END LOOP;
END $$;

GRANT SELECT, INSERT, UPDATE, DELETE ON contact_keys, contacts, contact_identities, channels, conversations, messages, attachments TO sigilo_app;
