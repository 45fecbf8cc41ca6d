import type { AppContext } from '../../../../platform/context.js';
import type { Tx } from '../../../../platform/db/database.js';
import { loadContactKey, openForContact } from '../../../contacts/contact-keys.js';
import type { TemplateParameters } from './template-components.js';

/** The content type of a template message: the one kind WhatsApp delivers outside the 24-hour window. */
export const TEMPLATE_CONTENT_TYPE = 'template';

/**
 * What a template message keeps in its (plain) metadata: which template, and its parameters (body, header,
 * buttons) sealed with the contact's key, since the delivery job must send them apart from the text. `ref` names
 * the sealed value in its AAD.
 */
export interface TemplateMetadata {
  id: string;
  name: string;
  language: string;
  ref: string;
  parametersSealed: string | null;
}

export const parametersAad = (orgId: string, ref: string) => `${orgId}:messages:template-parameters:${ref}`;

/**
 * For the delivery job: the template's parameters, opened with the contact's key. Messages queued
 * before header and button parameters existed sealed the body's list alone.
 */
export async function openTemplateParameters(ctx: AppContext, tx: Tx, orgId: string, contactId: string, template: TemplateMetadata): Promise<TemplateParameters> {
  if (!template.parametersSealed) return { body: [] };
  const key = await loadContactKey(ctx, orgId, contactId);
  const parsed = JSON.parse(openForContact(key, Buffer.from(template.parametersSealed, 'base64'), parametersAad(orgId, template.ref)).toString('utf8')) as unknown;
  if (Array.isArray(parsed)) return { body: parsed.map(String) };
  const p = (parsed ?? {}) as Partial<TemplateParameters>;
  return { body: Array.isArray(p.body) ? p.body.map(String) : [], ...(p.header ? { header: p.header } : {}), ...(Array.isArray(p.buttons) && p.buttons.length ? { buttons: p.buttons } : {}) };
}
