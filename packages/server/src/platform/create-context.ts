import type { DestinationStream } from 'pino';
import type { Config } from './config/config-variables.js';
import { defaultKeyVaultUrl } from './config/config-variables.js';
import { KeyVault } from './crypto/key-vault.js';
import { LocalKeyManagementService, resolveMasterKey } from './crypto/master-key.js';
import { Database, sql } from './db/database.js';
import { ConfigError } from './config/load-config.js';
import { createMetrics } from './http/metrics.js';
import { createLogger } from './logging/logger.js';
import type { AppContext } from './context.js';
import pg from 'pg';
import { EventBus, EVENTS_CHANNEL, SYSTEM_TOPIC } from './realtime/event-bus.js';
import { JobQueue } from './jobs/job-queue.js';
import { setAuditChainKey } from '../modules/audit/audit-hash.js';
import { registerMonitoring } from '../modules/monitoring/index.js';
import { CONTACT_KEYS_DROP_MIGRATION, moveContactKeysToVault } from '../modules/contacts/move-contact-keys-to-vault.js';

/** Opens the database and the key vault (embedded or server), applies migrations and assembles the context. */
export async function createContext(
  config: Config,
  options: { embeddedDir?: string | 'memory'; logDestination?: DestinationStream; worker?: boolean } = {},
): Promise<AppContext> {
  const logger = createLogger(config.LOG_LEVEL, options.logDestination);
  const embeddedDir = options.embeddedDir ?? config.DATA_DIR;
  const database = await Database.open({
    url: config.DATABASE_URL,
    embeddedDir,
    poolSize: config.DATABASE_POOL_SIZE,
    logger,
  });
  let keyVault: KeyVault;
  try {
    const vaultUrl = config.KEY_VAULT_URL ?? (config.DATABASE_URL ? defaultKeyVaultUrl(config.DATABASE_URL) : undefined);
    keyVault = await KeyVault.open({
      url: vaultUrl,
      embeddedDir: KeyVault.embeddedDirFor(embeddedDir),
      // Two vault round trips per ingest batch at most: a smaller pool than the main one.
      poolSize: Math.max(2, Math.ceil(config.DATABASE_POOL_SIZE / 2)),
      createWith: config.KEY_VAULT_URL ? undefined : config.DATABASE_URL,
      logger,
    });
    database.closeAlso(keyVault);
  } catch (err) {
    await database.close();
    throw err;
  }
  try {
    await database.migrate({
      // An install from before the key vault: its keys move there before the table goes.
      [CONTACT_KEYS_DROP_MIGRATION]: async (client) => {
        const moved = await moveContactKeysToVault(client, keyVault);
        if (moved) logger.info({ keys: moved }, 'contact data keys moved to the key vault');
      },
    });
    // An empty vault beside a database with contacts is the wrong vault (or a restore that left it
    // out): every contact would look erased. Stop rather than refuse their messages as erased.
    if (await keyVault.isEmpty()) {
      const contacts = await database.withSystem((tx) => sql<{ any: boolean }>`SELECT EXISTS (SELECT 1 FROM contacts) AS any`.execute(tx));
      if (contacts.rows[0]?.any) {
        throw new ConfigError(
          `KEY_VAULT_URL: the key vault (${keyVault.mode === 'embedded' ? 'DATA_DIR/keys' : 'its database'}) holds no data keys, but the database has contacts; point KEY_VAULT_URL at this installation's vault or restore DATA_DIR/keys with DATA_DIR/pg, or no sealed data can be read.`,
        );
      }
    }
  } catch (err) {
    await database.close();
    throw err;
  }
  const kms = new LocalKeyManagementService(resolveMasterKey({ configured: config.SIGILO_MASTER_KEY, dataDir: config.DATA_DIR }));
  setAuditChainKey(kms.deriveKey('audit-chain'));
  // Modules that react to ingested messages, on every node that may ingest (API and worker).
  registerMonitoring();
  const jobs = await JobQueue.start(database.pool, logger, { worker: options.worker ?? false, embedded: database.mode === 'embedded' });
  const events = new EventBus();
  if (database.mode === 'server' && config.DATABASE_URL) {
    // Several nodes (web and worker roles, or more than one web node) share realtime events.
    await events.connectRelay({
      connect: async () => {
        const client = new pg.Client({ connectionString: config.DATABASE_URL });
        await client.connect();
        return client;
      },
      notify: async (payload) => {
        await database.pool.query('SELECT pg_notify($1, $2)', [EVENTS_CHANNEL, payload]);
      },
      logger,
    });
    // Worker nodes wake when an API node puts items into the inbox (instead of at the next poll).
    jobs.inbox.announce = (queue) => events.publish(SYSTEM_TOPIC, { type: 'inbox.filled', queue });
    events.subscribe(SYSTEM_TOPIC, (event) => {
      if (event.type === 'inbox.filled') jobs.inbox.wake(event.queue);
    });
  }
  return { config, database, kms, keyVault, logger, metrics: createMetrics({ inbox: () => jobs.inbox.summary() }), events, jobs };
}
