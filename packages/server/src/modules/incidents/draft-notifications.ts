import type { AppContext } from '../../platform/context.js';
import { isRole, rolePermissions } from '../auth/permissions.js';
import { getIncident } from './manage-incidents.js';
import type { IncidentView } from './incident-view.js';

export type DraftKind = 'anpd' | 'gdpr' | 'subjects';
export type DraftLang = 'pt-BR' | 'es' | 'en';

interface Controller {
  name: string;
  country: string;
  dpo: string;
}

const dash = (v: string | number | null | undefined, empty: string) => (v === null || v === undefined || v === '' ? empty : String(v));
const list = (v: string[], empty: string) => (v.length ? v.join(', ') : empty);
const date = (d: Date | null, empty: string) => (d ? d.toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : empty);

/**
 * Drafts for the DPO to complete and send: the communication to the ANPD with the items of
 * Res. CD/ANPD 15/2024 Art. 6 (⚠ item list as summarised in LAWS.md: 12 items; check the e-form),
 * the notification to a GDPR supervisory authority with the items of Art. 33(3) and the reasons
 * for delay of Art. 33(1), and the plain-language notice to the subjects (Res. 15/2024 Art. 9;
 * GDPR Art. 34(2)). Fields the register does not have yet are marked for completion.
 */
export function draftNotification(i: IncidentView, controller: Controller, kind: DraftKind, lang: DraftLang = 'pt-BR'): { subject: string; body: string } {
  if (kind === 'anpd') {
    const todo = '[a preencher]';
    const body = [
      `Comunicação de incidente de segurança — ${controller.name} (incidente nº ${i.ref})`,
      '',
      `I. Natureza e categoria dos dados pessoais afetados: ${list(i.dataCategories, todo)}. Natureza do incidente: ${list(i.nature, todo)}.`,
      `II. Número de titulares afetados (discriminando crianças, adolescentes e idosos, quando aplicável): ${dash(i.approxSubjects, todo)}; categorias: ${list(i.subjectCategories, todo)}. Registros afetados: ${dash(i.approxRecords, todo)}.`,
      `III. Medidas técnicas e de segurança utilizadas para a proteção dos dados, antes e após o incidente: dados mascarados na exibição, originais cifrados (AES-256-GCM) com chave por titular, registro de auditoria encadeado; ${dash(i.measuresTaken, todo)}`,
      `IV. Riscos relacionados ao incidente e possíveis impactos aos titulares: risco ${dash(i.riskLevel, todo)} — ${dash(i.riskReasoning, todo)} Consequências prováveis: ${dash(i.likelyConsequences, todo)}`,
      `V. Motivos da demora, caso a comunicação não tenha sido feita no prazo: ${dash(i.delayReasons, 'não se aplica')}`,
      `VI. Medidas adotadas ou a adotar para reverter ou mitigar os efeitos do incidente: ${dash(i.measuresTaken, todo)}`,
      `VII. Data da ocorrência: ${date(i.occurredAt, 'não determinada')}; data do conhecimento pelo controlador: ${date(i.knownAt, todo)}.`,
      `VIII. Encarregado (ou representante do controlador): ${controller.dpo}`,
      `IX. Controlador: ${controller.name}${i.smallProcessingAgent ? ' — agente de tratamento de pequeno porte (Res. CD/ANPD 2/2022)' : ''}.`,
      `X. Operador, quando aplicável: ${todo}`,
      `XI. Descrição do incidente, incluindo a causa principal, se identificada: ${dash(i.description, todo)}`,
      `XII. Total de titulares cujos dados são tratados nas atividades afetadas: ${todo}`,
      '',
      'Base: LGPD Art. 48; Resolução CD/ANPD nº 15/2024, Art. 6. Comunicação complementar em até 20 dias úteis, se necessária.',
    ].join('\n');
    return { subject: `Comunicação de incidente de segurança nº ${i.ref} — ${controller.name}`, body };
  }
  if (kind === 'gdpr') {
    const todo = '[to be completed]';
    const body = [
      `Personal data breach notification — ${controller.name} (incident no. ${i.ref})`,
      '',
      `(a) Nature of the breach: ${list(i.nature, todo)}. ${dash(i.description, '')}`,
      `    Categories of data subjects: ${list(i.subjectCategories, todo)}; approximate number: ${dash(i.approxSubjects, todo)}.`,
      `    Categories of personal data records: ${list(i.dataCategories, todo)}; approximate number: ${dash(i.approxRecords, todo)}.`,
      `(b) Data protection officer / contact point: ${controller.dpo}`,
      `(c) Likely consequences: ${dash(i.likelyConsequences, todo)} (risk: ${dash(i.riskLevel, todo)} — ${dash(i.riskReasoning, todo)})`,
      `(d) Measures taken or proposed, including to mitigate possible adverse effects: ${dash(i.measuresTaken, todo)}`,
      '',
      `Became aware on ${date(i.knownAt, todo)}; breach occurred ${date(i.occurredAt, 'on a date not yet determined')}.`,
      `Reasons for any delay beyond 72 hours (Art. 33(1)): ${dash(i.delayReasons, 'not applicable')}`,
      'Information may be provided in phases (Art. 33(4)).',
    ].join('\n');
    return { subject: `Personal data breach notification no. ${i.ref} — ${controller.name}`, body };
  }
  const t = subjectNotice[lang];
  const body = [
    t.greeting,
    '',
    t.what(controller.name, i.knownAt),
    t.data(list(i.dataCategories, t.todo)),
    t.risk(dash(i.likelyConsequences, t.todo)),
    t.done(dash(i.measuresTaken, t.todo)),
    t.you,
    t.contact(controller.dpo),
    i.delayReasons ? t.delay(i.delayReasons) : '',
  ]
    .filter((l) => l !== '')
    .join('\n\n');
  return { subject: t.subject(controller.name), body };
}

const subjectNotice = {
  'pt-BR': {
    todo: '[a preencher]',
    subject: (c: string) => `${c}: aviso sobre um incidente com seus dados`,
    greeting: 'Olá,',
    what: (c: string, d: Date) => `Queremos avisar você, com transparência, que em ${d.toISOString().slice(0, 10)} a ${c} tomou conhecimento de um incidente de segurança que envolveu dados pessoais seus.`,
    data: (v: string) => `Dados envolvidos: ${v}.`,
    risk: (v: string) => `O que isso pode significar para você: ${v}`,
    done: (v: string) => `O que já fizemos: ${v}`,
    you: 'O que você pode fazer: desconfie de mensagens pedindo senhas ou códigos, e não compartilhe dados de cartão por chat.',
    contact: (dpo: string) => `Dúvidas? Fale com nosso encarregado de proteção de dados: ${dpo}.`,
    delay: (v: string) => `Por que este aviso não foi imediato: ${v}`,
  },
  es: {
    todo: '[por completar]',
    subject: (c: string) => `${c}: aviso sobre un incidente con sus datos`,
    greeting: 'Hola:',
    what: (c: string, d: Date) => `Queremos informarle con transparencia de que el ${d.toISOString().slice(0, 10)} ${c} tuvo conocimiento de una brecha de seguridad que afectó a datos personales suyos.`,
    data: (v: string) => `Datos afectados: ${v}.`,
    risk: (v: string) => `Posibles consecuencias para usted: ${v}`,
    done: (v: string) => `Medidas que hemos tomado: ${v}`,
    you: 'Qué puede hacer: desconfíe de mensajes que pidan contraseñas o códigos y no comparta datos de tarjeta por chat.',
    contact: (dpo: string) => `¿Dudas? Contacte con nuestro delegado de protección de datos: ${dpo}.`,
    delay: (v: string) => `Motivo por el que este aviso no fue inmediato: ${v}`,
  },
  en: {
    todo: '[to be completed]',
    subject: (c: string) => `${c}: notice of an incident involving your data`,
    greeting: 'Hello,',
    what: (c: string, d: Date) => `We want to let you know that on ${d.toISOString().slice(0, 10)} ${c} became aware of a security incident involving your personal data.`,
    data: (v: string) => `Data involved: ${v}.`,
    risk: (v: string) => `What this may mean for you: ${v}`,
    done: (v: string) => `What we have done: ${v}`,
    you: 'What you can do: be wary of messages asking for passwords or codes, and never share card details by chat.',
    contact: (dpo: string) => `Questions? Contact our data protection officer: ${dpo}.`,
    delay: (v: string) => `Why this notice was not immediate: ${v}`,
  },
} as const;

/** The controller as the drafts name it: the organisation and its DPO users. */
export async function controllerOf(ctx: AppContext, orgId: string): Promise<Controller> {
  return ctx.database.withTenant(orgId, async (tx) => {
    const org = await tx.selectFrom('organizations').select(['name', 'country']).where('id', '=', orgId).executeTakeFirstOrThrow();
    const users = await tx.selectFrom('users').select(['name', 'email', 'role']).where('disabled_at', 'is', null).execute();
    const dpos = users.filter((u) => u.role === 'dpo' || (isRole(u.role) && u.role !== 'owner' && u.role !== 'admin' && rolePermissions[u.role].has('incidents:manage')));
    return { name: org.name, country: org.country, dpo: dpos.length ? dpos.map((d) => `${d.name} <${d.email}>`).join('; ') : '[encarregado / DPO: a preencher]' };
  });
}

export async function draftIncidentNotification(ctx: AppContext, orgId: string, incidentId: string, kind: DraftKind, lang: DraftLang) {
  const incident = await ctx.database.withTenant(orgId, (tx) => getIncident(tx, orgId, incidentId));
  return draftNotification(incident, await controllerOf(ctx, orgId), kind, lang);
}
