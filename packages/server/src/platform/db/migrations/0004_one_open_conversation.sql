-- At most one conversation that is not resolved per contact and channel, so two deliveries from a
-- new customer processed at the same moment cannot open two conversations.
CREATE UNIQUE INDEX conversations_one_open_idx
  ON conversations (org_id, contact_id, channel_type, COALESCE(channel_id, '00000000-0000-0000-0000-000000000000'::uuid))
  WHERE status <> 'resolved';
