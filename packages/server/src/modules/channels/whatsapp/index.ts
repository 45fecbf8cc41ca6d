import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../platform/context.js';

/** WhatsApp Cloud API channel: webhook routes (outside /api/v1), job workers, outbound adapter. */
export function whatsappRoutes(_app: FastifyInstance, _ctx: AppContext): void {}

/** Job-queue workers of the channel; started on worker nodes. */
export async function startWhatsAppWorkers(_ctx: AppContext): Promise<void> {}
