-- WhatsApp templates: what Meta's template webhooks report (status reason, quality, when the
-- status last changed at Meta) and the header and buttons a send has to fill.

ALTER TABLE whatsapp_templates
  -- Why Meta rejected, paused or disabled the template (e.g. INVALID_FORMAT, FIRST_PAUSE); null when approved.
  ADD COLUMN status_reason text,
  -- GREEN, YELLOW, RED or UNKNOWN, from message_template_quality_update.
  ADD COLUMN quality_score text,
  -- Meta's time of the last status change applied: an older webhook arriving late does not undo a newer one.
  ADD COLUMN status_changed_at timestamptz,
  -- The header (format, text) and buttons (type, text, url) of the template, with their placeholder counts.
  ADD COLUMN components jsonb NOT NULL DEFAULT '{}'::jsonb;
