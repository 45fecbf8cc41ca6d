import { Tooltip } from '@mantine/core';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';

// What the masker writes in place of personal data: a placeholder such as [EMAIL] or [PERSON:ab12],
// or a partial mask that keeps the last characters (***.***.777-35, ****1111).
const MASKED = /\[[A-Z][A-Z0-9_]*(?::[\w-]+)?\]|[\w.@+-]*\*{2,}[\w.*@+-]*/g;

export function splitMasked(text: string): { text: string; masked: boolean }[] {
  const parts: { text: string; masked: boolean }[] = [];
  let last = 0;
  for (const match of text.matchAll(MASKED)) {
    const start = match.index ?? 0;
    if (start > last) parts.push({ text: text.slice(last, start), masked: false });
    parts.push({ text: match[0], masked: true });
    last = start + match[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), masked: false });
  return parts;
}

const maskStyle = {
  background: 'var(--mantine-color-yellow-1)',
  borderBottom: '1px dashed var(--mantine-color-yellow-8)',
  borderRadius: 3,
  padding: '0 3px',
  fontFamily: 'var(--mantine-font-family-monospace)',
  fontSize: '0.92em',
  color: 'var(--mantine-color-dark-7)',
} as const;

/** Masked text with each placeholder marked, so agents see at a glance what was withheld. */
export function MaskedText({ text, tooltips = true }: { text: string; tooltips?: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      {splitMasked(text).map((part, i) =>
        part.masked ? (
          tooltips ? (
            <Tooltip key={i} label={t('inbox.maskedHint')} withArrow openDelay={300}>
              <span style={maskStyle} data-testid="pii-placeholder" aria-label={`${t('inbox.maskedHint')}: ${part.text}`}>
                {part.text}
              </span>
            </Tooltip>
          ) : (
            <span key={i} style={maskStyle} data-testid="pii-placeholder">
              {part.text}
            </span>
          )
        ) : (
          <Fragment key={i}>{part.text}</Fragment>
        ),
      )}
    </>
  );
}
