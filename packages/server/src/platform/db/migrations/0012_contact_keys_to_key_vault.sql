-- The contacts' data keys move to the key vault, a database of their own (platform/crypto/key-vault.ts):
-- a dump or backup of this database must never hold the keys that open its sealed data, or erasing a
-- subject (deleting their key) would not reach the backups.
--
-- Start-up copies every row into the vault inside this migration's transaction, just before this runs,
-- and says so in sigilo.contact_keys_in_vault (modules/contacts/move-contact-keys-to-vault.ts). A run
-- without that step (a bare psql, an old tool) must not drop keys that exist nowhere else.
DO $$
BEGIN
  IF to_regclass('public.contact_keys') IS NOT NULL
     AND EXISTS (SELECT 1 FROM contact_keys)
     AND current_setting('sigilo.contact_keys_in_vault', true) IS DISTINCT FROM 'yes' THEN
    RAISE EXCEPTION 'contact_keys holds data keys not yet copied to the key vault: start Sigilo to move them (sigilo migrate)';
  END IF;
END $$;

DROP TABLE IF EXISTS contact_keys;
