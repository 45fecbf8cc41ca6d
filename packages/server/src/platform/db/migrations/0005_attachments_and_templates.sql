-- WhatsApp media as sealed attachments, and message templates per WhatsApp channel.

-- An attachment row exists from the moment the message arrives (pending) until its bytes are
-- stored sealed, or it ends as failed (download gave up) or refused (too large) with the reason.
ALTER TABLE attachments
  ADD COLUMN status text NOT NULL DEFAULT 'stored' CHECK (status IN ('pending', 'stored', 'failed', 'refused')),
  ADD COLUMN reason text,
  -- The original file name, sealed with the contact's key (AAD org:attachments:id:filename);
  -- filename_masked is what agents see.
  ADD COLUMN filename_sealed bytea,
  ADD COLUMN sha256 text,
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
-- The size is known only once the media is fetched.
ALTER TABLE attachments ALTER COLUMN size_bytes DROP NOT NULL;
CREATE UNIQUE INDEX attachments_message_media_idx ON attachments (org_id, message_id, channel_media_id);

-- Approved templates are the only messages WhatsApp delivers outside the 24-hour window.
CREATE TABLE whatsapp_templates (
  org_id uuid NOT NULL,
  id uuid NOT NULL,
  channel_id uuid NOT NULL,
  name text NOT NULL,
  language text NOT NULL,
  category text NOT NULL,
  body_text text NOT NULL,
  param_count integer NOT NULL DEFAULT 0,
  status text NOT NULL,
  -- 'meta' when synced from the WhatsApp Business Account, 'local' when registered by an admin.
  source text NOT NULL CHECK (source IN ('meta', 'local')),
  meta_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, channel_id) REFERENCES channels (org_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX whatsapp_templates_name_idx ON whatsapp_templates (org_id, channel_id, name, language);

ALTER TABLE whatsapp_templates ENABLE ROW LEVEL SECURITY;
ALTER TABLE whatsapp_templates FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON whatsapp_templates TO sigilo_app USING (org_id = sigilo_current_org()) WITH CHECK (org_id = sigilo_current_org());
DO $$
BEGIN
  EXECUTE format('CREATE POLICY owner_maintenance ON whatsapp_templates TO %I USING (true) WITH CHECK (true)', current_user);
END $$;
GRANT SELECT, INSERT, UPDATE, DELETE ON whatsapp_templates TO sigilo_app;
