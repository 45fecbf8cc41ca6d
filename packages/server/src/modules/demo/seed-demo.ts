import type { AppContext } from '../../platform/context.js';
import { createOrganization } from '../organizations/create-organization.js';
import { createUser } from '../users/create-user.js';
import type { Role } from '../auth/permissions.js';
import { systemActor } from '../audit/actor.js';
import { recordAuditEntry } from '../audit/record-audit-entry.js';

const DEMO_SLUG = 'demo-sigilo';
const DEMO_PASSWORD = 'demo-sigilo-2026!';

/** A demo organisation with one agent per role, created once. */
export async function seedDemo(ctx: AppContext) {
  const existing = await ctx.database.withSystem((tx) =>
    tx.selectFrom('organizations').select('id').where('slug', '=', DEMO_SLUG).executeTakeFirst(),
  );
  const logins: { role: Role; email: string; password: string }[] = [];
  if (existing) return { created: false, orgName: 'Demo Sigilo', logins, password: DEMO_PASSWORD };

  const owner = { role: 'owner' as const, email: 'owner@demo.sigilo.test', password: DEMO_PASSWORD };
  const { orgId } = await createOrganization(ctx, {
    orgName: 'Demo Sigilo',
    country: 'BR',
    ownerName: 'Olívia Dono',
    ownerEmail: owner.email,
    ownerPassword: owner.password,
  });
  // Demo accounts skip the 2FA requirement so the tour starts at once; real organisations keep it.
  await ctx.database.withTenant(orgId, async (tx) => {
    await tx.updateTable('organizations').set({ require_2fa_roles: [] }).where('id', '=', orgId).execute();
    await recordAuditEntry(tx, {
      orgId,
      actor: systemActor('demo'),
      action: 'settings.changed',
      target: { type: 'organization', id: orgId },
      metadata: { require_2fa_roles: [], reason: 'demo organisation' },
    });
  });
  logins.push(owner);
  const people: [Role, string, string][] = [
    ['admin', 'Alberto Admin', 'admin@demo.sigilo.test'],
    ['dpo', 'Daniela Encarregada', 'dpo@demo.sigilo.test'],
    ['supervisor', 'Sérgio Supervisor', 'supervisor@demo.sigilo.test'],
    ['agent', 'Ana Atendente', 'agent@demo.sigilo.test'],
    ['agent', 'Jorge Agente', 'agent2@demo.sigilo.test'],
    ['auditor', 'Aurora Auditora', 'auditor@demo.sigilo.test'],
  ];
  for (const [role, name, email] of people) {
    await createUser(ctx, {
      orgId,
      actor: systemActor('demo'),
      actorRole: 'owner',
      ip: null,
      email,
      name,
      role,
      password: DEMO_PASSWORD,
    });
    logins.push({ role, email, password: DEMO_PASSWORD });
  }
  return { created: true, orgName: 'Demo Sigilo', logins, password: DEMO_PASSWORD };
}
