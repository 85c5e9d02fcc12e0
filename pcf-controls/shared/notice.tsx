import { MessageBar, MessageBarType } from '@fluentui/react';
import * as React from 'react';
import type { GlyphName } from './icons';
import { Glyph } from './icons';

export type NoticeKind = 'success' | 'error' | 'warning' | 'info';

const TYPES: Record<NoticeKind, MessageBarType> = {
  success: MessageBarType.success,
  error: MessageBarType.error,
  warning: MessageBarType.warning,
  info: MessageBarType.info,
};

const GLYPHS: Record<NoticeKind, GlyphName> = {
  success: 'success',
  error: 'error',
  warning: 'warning',
  info: 'info',
};

export interface NoticeProps {
  kind: NoticeKind;
  children: React.ReactNode;
  dismissLabel?: string;
  onDismiss?: () => void;
  testId?: string;
}

/**
 * A Fluent MessageBar with our own glyph (see icons.tsx). Errors are `role="alert"` so screen readers announce them
 * at once; other kinds are `role="status"`. delayedRender is off: the text must be in the DOM when the bar appears.
 */
export function Notice({ kind, children, dismissLabel, onDismiss, testId }: NoticeProps): React.ReactElement {
  return (
    <MessageBar
      messageBarType={TYPES[kind]}
      messageBarIconProps={{ children: <Glyph name={GLYPHS[kind]} /> }}
      role={kind === 'error' ? 'alert' : 'status'}
      isMultiline
      delayedRender={false}
      onDismiss={onDismiss}
      dismissButtonAriaLabel={dismissLabel}
      dismissIconProps={{ children: <Glyph name="error" size={12} /> }}
      data-testid={testId}
    >
      {children}
    </MessageBar>
  );
}
