import type { Config } from './config/config-variables.js';
import type { KeyManagementService } from './crypto/master-key.js';
import type { KeyVault } from './crypto/key-vault.js';
import type { Database } from './db/database.js';
import type { Logger } from './logging/logger.js';
import type { Metrics } from './http/metrics.js';
import type { EventBus } from './realtime/event-bus.js';
import type { JobQueue } from './jobs/job-queue.js';

/** What every use case may depend on; built once at start-up and passed explicitly. */
export interface AppContext {
  config: Config;
  database: Database;
  kms: KeyManagementService;
  /** The contacts' data keys, in a database apart from `database` (crypto-shredding that holds against backups). */
  keyVault: KeyVault;
  logger: Logger;
  metrics: Metrics;
  events: EventBus;
  jobs: JobQueue;
}
