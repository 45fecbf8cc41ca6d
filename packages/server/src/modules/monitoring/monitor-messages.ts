import type { AppContext } from '../../platform/context.js';
import type { Tx } from '../../platform/db/database.js';
import type { IngestedFacts } from '../conversations/ingest-message.js';
import { raiseAlerts, type NewAlert } from './raise-alerts.js';
import { compiledRulesOf } from './rule-cache.js';

/** CPU time spent evaluating rules in this process (read by the benchmark). */
export const ruleEvaluation = { seconds: 0, messages: 0 };

/**
 * The ingest hook: every newly stored message of a batch (one organisation, both directions) is
 * tried against the organisation's compiled rules, on masked text and entity types only. A batch
 * without hits costs one small read and the CPU of the automaton; hits cost one read of their
 * conversations (team and assignee) and one insert for all the batch's alerts.
 */
export async function monitorMessages(ctx: AppContext, tx: Tx, messages: IngestedFacts[]): Promise<void> {
  if (!messages.length) return;
  const orgId = messages[0]!.orgId;
  const { rules, settings } = await compiledRulesOf(tx, orgId);
  if (rules.empty) return;
  const started = performance.now();
  const tripped = [];
  for (const m of messages) {
    const hits = rules.evaluate({ bodyMasked: m.bodyMasked, direction: m.direction, channelType: m.channel.type, piiTypes: m.piiTypes, sensitiveFlags: m.sensitiveFlags });
    if (hits.length) tripped.push({ m, hits });
  }
  ruleEvaluation.seconds += (performance.now() - started) / 1000;
  ruleEvaluation.messages += messages.length;
  if (!tripped.length) return;

  const conversationIds = [...new Set(tripped.map((t) => t.m.conversationId))];
  const conversations = await tx
    .selectFrom('conversations')
    .select(['id', 'team', 'assignee_id'])
    .where('org_id', '=', orgId)
    .where('id', 'in', conversationIds)
    .execute();
  const byId = new Map(conversations.map((c) => [c.id, c]));

  const alerts: NewAlert[] = [];
  for (const { m, hits } of tripped) {
    const conversation = byId.get(m.conversationId);
    for (const { rule, matched } of hits) {
      if (rule.teams.length && !(conversation?.team && rule.teams.includes(conversation.team))) continue;
      alerts.push({
        kind: 'rule',
        ruleId: rule.id,
        ruleName: rule.name,
        severity: rule.severity,
        messageId: m.messageId,
        conversationId: m.conversationId,
        contactId: m.contactId,
        agentId: m.sender.type === 'agent' ? m.sender.userId : (conversation?.assignee_id ?? null),
        direction: m.direction,
        matched,
        createdAt: m.createdAt,
      });
    }
  }
  await raiseAlerts(ctx, tx, orgId, settings, alerts);
}
