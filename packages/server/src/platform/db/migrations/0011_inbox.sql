-- The inbox: notifications a channel delivered and Sigilo acknowledged, waiting to be ingested.
-- A hot, narrow queue beside pg-boss: a row is inserted when the webhook is acknowledged and
-- deleted once its messages are stored, with no state changes in between but the claim.
-- The payload is sealed with the organisation's key; `route` is a routing id (a channel id),
-- never personal data.
CREATE TABLE inbox_items (
  org_id uuid NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  queue text NOT NULL,
  route text NOT NULL,
  payload bytea NOT NULL,
  -- Not before this moment: a retry's backoff, or a claim's lease while a worker has it.
  available_at timestamptz NOT NULL DEFAULT now(),
  attempts integer NOT NULL DEFAULT 0,
  -- The last failure's error name and code (never a message that could quote data).
  last_error text,
  -- Set when the attempts ran out: kept for an operator, never picked up again.
  dead_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
) WITH (
  fillfactor = 70, -- room on the page for the claim's update to stay HOT
  -- A queue: rows are deleted as fast as they come, so vacuum often, or claims walk dead rows.
  autovacuum_vacuum_scale_factor = 0,
  autovacuum_vacuum_threshold = 2000,
  autovacuum_vacuum_cost_delay = 0
);

-- No foreign key to organizations: every insert would share-lock the organisation's row,
-- and a row lives for milliseconds. The index is the queue's order (ids grow with arrival).
CREATE INDEX inbox_items_queue_idx ON inbox_items (queue, id) WHERE dead_at IS NULL;

ALTER TABLE inbox_items ENABLE ROW LEVEL SECURITY;
ALTER TABLE inbox_items FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON inbox_items TO sigilo_app USING (org_id = sigilo_current_org()) WITH CHECK (org_id = sigilo_current_org());
DO $$ BEGIN
  EXECUTE format('CREATE POLICY owner_maintenance ON inbox_items TO %I USING (true) WITH CHECK (true)', current_user);
END $$;
-- Tenant transactions may put items (a deferred retry from inside an ingest); claims run as the owner.
GRANT SELECT, INSERT ON inbox_items TO sigilo_app;
