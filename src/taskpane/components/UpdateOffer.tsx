// The workbook's layout: "Update this workbook" when an earlier version made its sheets (nothing changes
// until the person agrees), the refusal when a newer one did, and what the update did.
import * as React from 'react';
import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
} from '@fluentui/react-components';
import type { LayoutStatus, UpgradeResult } from '../../excel/api';
import { offerText, refusalText, upgradeSummary } from '../upgradeText';
import { PaneContext, useStyles } from './common';

export function UpdateOffer(props: { layout?: LayoutStatus; ctx: PaneContext }): React.JSX.Element | null {
  const { layout, ctx } = props;
  const styles = useStyles();
  const [result, setResult] = React.useState<UpgradeResult>();

  const update = async () => {
    const r = await ctx.run('Updating the workbook', () => ctx.api.upgrade(), { reload: true });
    if (r) setResult(r);
  };

  if (result)
    return (
      <MessageBar intent="success" layout="multiline" data-testid="upgrade-done">
        <MessageBarBody>
          <MessageBarTitle>Workbook updated</MessageBarTitle>
          <span data-testid="upgrade-summary">{upgradeSummary(result)}</span>
          {result.lines.length > 0 && (
            <details>
              <summary data-testid="upgrade-lines-toggle">Each sheet</summary>
              <ul className={styles.list} data-testid="upgrade-lines">
                {result.lines.map((l) => (
                  <li key={l}>{l}</li>
                ))}
              </ul>
            </details>
          )}
        </MessageBarBody>
      </MessageBar>
    );
  if (layout?.status === 'refuse')
    return (
      <MessageBar intent="error" layout="multiline" data-testid="upgrade-refused">
        <MessageBarBody className={styles.plain}>
          <MessageBarTitle>Made by a newer version</MessageBarTitle>
          {refusalText(layout)}
        </MessageBarBody>
      </MessageBar>
    );
  if (layout?.status !== 'upgrade') return null;
  return (
    <MessageBar intent="warning" layout="multiline" data-testid="upgrade-offer">
      <MessageBarBody>
        <MessageBarTitle>Made by an earlier version</MessageBarTitle>
        <span data-testid="upgrade-offer-text">{offerText(layout)}</span>
      </MessageBarBody>
      <MessageBarActions>
        <Button appearance="primary" disabled={ctx.busy} onClick={update} data-testid="upgrade-workbook">
          Update this workbook
        </Button>
      </MessageBarActions>
    </MessageBar>
  );
}
