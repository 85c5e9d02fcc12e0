import { DefaultButton, PrimaryButton } from '@fluentui/react';
import * as React from 'react';
import type { PanelClassNames } from './panel-styles';

export interface BlockableButtonProps {
  id: string;
  /** The panel's main action (a primary button). */
  primary?: boolean;
  text: string;
  working: boolean;
  /** Why the action cannot be taken now, shown beside the disabled button; undefined when it can. */
  blocked: string | undefined;
  /** The reason's id, which the button names in aria-describedby while it is blocked. */
  reasonId: string;
  /** Added to the reason's muted text. */
  reasonClassName?: string;
  classes: Pick<PanelClassNames, 'actions' | 'muted'>;
  onClick: () => void;
  /** Shown inside the button (a spinner while working). */
  children?: React.ReactNode;
}

/** A panel's action row: the button, disabled while working or blocked, and the reason it is blocked in words. */
export function BlockableButton({
  id,
  primary = false,
  text,
  working,
  blocked,
  reasonId,
  reasonClassName,
  classes,
  onClick,
  children,
}: BlockableButtonProps): React.ReactElement {
  const Button = primary ? PrimaryButton : DefaultButton;
  return (
    <div className={classes.actions}>
      <Button
        id={id}
        text={text}
        disabled={working || blocked !== undefined}
        aria-describedby={blocked ? reasonId : undefined}
        onClick={onClick}
      >
        {children}
      </Button>
      {blocked ? (
        <span
          id={reasonId}
          className={reasonClassName ? `${classes.muted} ${reasonClassName}` : classes.muted}
        >
          {blocked}
        </span>
      ) : null}
    </div>
  );
}
