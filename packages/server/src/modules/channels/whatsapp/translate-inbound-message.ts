import type { WhatsAppInboundMessage } from './webhook-payload.js';

/**
 * A WhatsApp message as Sigilo stores it. Anything the customer wrote (captions, file names,
 * shared cards, places) goes into `text`, which is masked and sealed by ingest; `metadata` is
 * plain JSON and carries only ids and technical facts (media id, mime type, button ids).
 */
export interface TranslatedMessage {
  contentType: string;
  text: string;
  metadata: Record<string, unknown>;
}

const MEDIA_TYPES = ['image', 'document', 'audio', 'video', 'sticker'] as const;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
const obj = (v: unknown): Record<string, unknown> | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);
/** Names from the payload that end up in metadata: short identifiers only. */
const token = (v: unknown): string => (typeof v === 'string' ? v.replace(/[^A-Za-z0-9_.:-]/g, '').slice(0, 64) : '') || 'unknown';

function unsupported(reason: string, extra: Record<string, unknown> = {}): TranslatedMessage {
  return { contentType: 'unsupported', text: '', metadata: { reason, ...extra } };
}

export function translateInboundMessage(message: WhatsAppInboundMessage): TranslatedMessage {
  const type = message.type;
  const metadata: Record<string, unknown> = {};
  const context = obj(message.context);
  if (context && str(context.id)) metadata.replyTo = str(context.id);
  if (context?.forwarded === true || context?.frequently_forwarded === true) metadata.forwarded = true;
  const withContext = (t: TranslatedMessage): TranslatedMessage => ({ ...t, metadata: { ...metadata, ...t.metadata } });

  if (type === 'text') {
    const body = str(obj(message.text)?.body);
    return withContext(body !== undefined ? { contentType: 'text', text: body, metadata: {} } : unsupported('malformed:text'));
  }

  if ((MEDIA_TYPES as readonly string[]).includes(type ?? '')) {
    const media = obj(message[type!]);
    const id = str(media?.id);
    if (!media || !id) return withContext(unsupported(`malformed:${type}`));
    const caption = str(media.caption);
    const filename = str(media.filename);
    // Media is not downloaded yet: the id lets a later job fetch it from the Graph API.
    const lines = [filename ? `📎 ${filename}` : undefined, caption].filter((l): l is string => l !== undefined);
    return withContext({
      contentType: type!,
      text: lines.join('\n'),
      metadata: {
        media: {
          id: token(id),
          mimeType: str(media.mime_type)?.slice(0, 100),
          sha256: str(media.sha256)?.slice(0, 100),
          ...(media.voice === true ? { voice: true } : {}),
          ...(media.animated === true ? { animated: true } : {}),
        },
      },
    });
  }

  if (type === 'location') {
    const loc = obj(message.location);
    const lat = Number(loc?.latitude);
    const lng = Number(loc?.longitude);
    if (!loc || !Number.isFinite(lat) || !Number.isFinite(lng)) return withContext(unsupported('malformed:location'));
    const place = [str(loc.name), str(loc.address)].filter(Boolean).join(' — ');
    // Coordinates say where a person is: they stay in the sealed body, not in plain metadata.
    return withContext({ contentType: 'location', text: `📍 ${place ? `${place} ` : ''}(${lat.toFixed(6)}, ${lng.toFixed(6)})`, metadata: {} });
  }

  if (type === 'contacts') {
    const cards = Array.isArray(message.contacts) ? message.contacts.map(obj).filter((c): c is Record<string, unknown> => !!c) : [];
    if (!cards.length) return withContext(unsupported('malformed:contacts'));
    const lines = cards.map((card) => {
      const name = obj(card.name);
      const fullName = str(name?.formatted_name) ?? [str(name?.first_name), str(name?.last_name)].filter(Boolean).join(' ');
      const phones = (Array.isArray(card.phones) ? card.phones : []).map((p) => str(obj(p)?.phone) ?? str(obj(p)?.wa_id)).filter(Boolean);
      const emails = (Array.isArray(card.emails) ? card.emails : []).map((e) => str(obj(e)?.email)).filter(Boolean);
      return `👤 ${[fullName || '?', ...phones, ...emails].join(' · ')}`;
    });
    return withContext({ contentType: 'contacts', text: lines.join('\n'), metadata: { cards: cards.length } });
  }

  if (type === 'interactive') {
    const interactive = obj(message.interactive);
    const kind = str(interactive?.type);
    if (kind === 'button_reply' || kind === 'list_reply') {
      const reply = obj(interactive![kind]);
      const title = str(reply?.title);
      if (!reply || title === undefined) return withContext(unsupported(`malformed:interactive.${kind}`));
      const description = str(reply.description);
      return withContext({
        contentType: 'interactive',
        text: description ? `${title}\n${description}` : title,
        metadata: { interactive: { type: kind, id: token(reply.id) } },
      });
    }
    return withContext(unsupported(`unsupported_interactive:${token(kind)}`));
  }

  if (type === 'button') {
    // The customer tapped a quick-reply button of a template message.
    const button = obj(message.button);
    const text = str(button?.text);
    if (!button || text === undefined) return withContext(unsupported('malformed:button'));
    return withContext({ contentType: 'button', text, metadata: { button: { payload: token(button.payload) } } });
  }

  if (type === 'reaction') {
    const reaction = obj(message.reaction);
    if (!reaction || !str(reaction.message_id)) return withContext(unsupported('malformed:reaction'));
    // An empty emoji means the customer removed their reaction.
    const emoji = typeof reaction.emoji === 'string' ? reaction.emoji.slice(0, 16) : '';
    return withContext({ contentType: 'reaction', text: emoji, metadata: { reaction: { messageId: str(reaction.message_id), removed: emoji === '' } } });
  }

  if (type === 'unsupported') {
    const error = obj(Array.isArray(message.errors) ? message.errors[0] : undefined);
    return withContext(unsupported('unsupported_by_whatsapp', error ? { code: typeof error.code === 'number' ? error.code : token(error.code), title: str(error.title)?.slice(0, 200) } : {}));
  }
  return withContext(unsupported(`unknown_type:${token(type)}`));
}
