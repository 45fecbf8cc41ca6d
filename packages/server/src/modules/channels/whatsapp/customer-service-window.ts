/**
 * WhatsApp's customer-service window: free-form messages may be sent only within 24 hours of the
 * customer's last message; outside it only approved templates are delivered (Meta answers 131047).
 */
export const CUSTOMER_SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;

export const OUTSIDE_WINDOW_ERROR = {
  code: 'outside_24h_window',
  title: 'Outside the 24-hour customer-service window: only approved templates can be sent',
} as const;

/** True when free text can no longer be sent: the customer never wrote, or wrote over 24 h ago. */
export function isOutside24hWindow(lastInboundAt: Date | string | null | undefined, now: Date = new Date()): boolean {
  if (!lastInboundAt) return true;
  const last = lastInboundAt instanceof Date ? lastInboundAt.getTime() : Date.parse(lastInboundAt);
  if (!Number.isFinite(last)) return true;
  return now.getTime() - last > CUSTOMER_SERVICE_WINDOW_MS;
}

/**
 * Whether a stored outbound message needs the window open: everything except an approved
 * template (whose approval is checked when it is sent).
 */
export function needsOpenWindow(contentType: string | null | undefined): boolean {
  return contentType !== 'template';
}
