// Share: a copy of chosen sheets, de-identified by default, offered as a download.
import * as React from 'react';
import { Button, Checkbox, Link, MessageBar, MessageBarBody, Text } from '@fluentui/react-components';
import type { FileDelivery, FormFile, PaneState, ShareResult } from '../../excel/api';
import { PaneContext, plural, useStyles } from './common';

import { NoFilesNote, openInExcel, XLSX_TYPE } from './FileDownloads';
export { XLSX_TYPE };
/** The sheet the add-in keeps settings in (src/workbook/settingsSheet.ts SETTINGS_SHEET). */
const SETTINGS_SHEET = 'Settings';

/** Sheets the pane knows of: rating sheets, the team and settings sheets, then sheets made this session. */
export function shareableSheets(state: PaneState, extra: string[] = []): string[] {
  const names = [
    ...state.ratingSheets.map((r) => r.sheet),
    ...(state.teamSheet ? [state.teamSheet] : []),
    SETTINGS_SHEET,
    ...extra,
  ];
  return [...new Set(names)];
}

/**
 * The copy as a download link (or, in Excel for Mac and iPad, a button that opens it as a new workbook),
 * and what was removed.
 */
export function ShareDownload(props: {
  result: ShareResult;
  delivery?: FileDelivery;
  open?: (file: FormFile) => void;
}): React.JSX.Element {
  const styles = useStyles();
  const { result } = props;
  const delivery = props.delivery ?? 'download';
  const [url, setUrl] = React.useState<string>();
  React.useEffect(() => {
    if (delivery !== 'download') return undefined;
    const made = URL.createObjectURL(new Blob([result.bytes as BlobPart], { type: XLSX_TYPE }));
    setUrl(made);
    return () => URL.revokeObjectURL(made);
  }, [result, delivery]);
  return (
    <div className={styles.section} data-testid="share-result">
      <Text>
        The copy is ready:{' '}
        {delivery === 'newWorkbook' ? (
          <Button appearance="primary" data-testid="open-copy" onClick={() => props.open?.(result)}>
            {`Open ${result.fileName} in Excel`}
          </Button>
        ) : (
          url && (
            <Link href={url} download={result.fileName} data-testid="download-copy">
              {`Download ${result.fileName}`}
            </Link>
          )
        )}
      </Text>
      {delivery === 'newWorkbook' && (
        <Text className={styles.note} data-testid="open-copy-note">
          Excel for Mac cannot save files from an add-in: the copy opens as a new workbook. Save it (File &gt;
          Save As) before you send it.
        </Text>
      )}
      {result.removed.length === 0 ? (
        <Text data-testid="removed-none">Nothing was removed.</Text>
      ) : (
        <div data-testid="removed-list">
          <Text>Removed from the copy:</Text>
          <ul className={styles.list}>
            {result.removed.map((r, i) => (
              <li key={i}>{r}</li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

export function ShareTab(props: {
  state: PaneState;
  ctx: PaneContext;
  madeSheets: string[];
}): React.JSX.Element {
  const { state, ctx } = props;
  const styles = useStyles();
  const sheets = shareableSheets(state, props.madeSheets);
  /** Sheets the user unticked (so new sheets start ticked). */
  const [unticked, setUnticked] = React.useState<Set<string>>(new Set());
  const [deidentify, setDeidentify] = React.useState(true);
  const [emptyFreeText, setEmptyFreeText] = React.useState(false);
  const [result, setResult] = React.useState<ShareResult>();
  const [pickError, setPickError] = React.useState<string>();

  const chosen = sheets.filter((s) => !unticked.has(s));
  const all = chosen.length === sheets.length ? true : chosen.length > 0 ? 'mixed' : false;
  const toggle = (sheet: string, on: boolean) =>
    setUnticked((u) => {
      const next = new Set(u);
      if (on) next.delete(sheet);
      else next.add(sheet);
      return next;
    });

  const create = async () => {
    if (chosen.length === 0) {
      setPickError('Choose at least one sheet to copy.');
      return;
    }
    setPickError(undefined);
    setResult(undefined);
    const made = await ctx.run('Creating the copy', () =>
      ctx.api.shareCopy({ sheets: chosen, deidentify, emptyFreeText }),
    );
    if (made) setResult(made);
  };

  return (
    <div className={styles.section}>
      <fieldset className={styles.fieldset}>
        <legend className={styles.legend}>Sheets to copy</legend>
        <Checkbox
          data-testid="share-sheet-all"
          label="All sheets listed"
          checked={all}
          onChange={(_, d) => setUnticked(new Set(d.checked === true ? [] : sheets))}
        />
        {sheets.map((sheet) => (
          <Checkbox
            key={sheet}
            data-testid={`share-sheet-${sheet}`}
            label={sheet}
            checked={!unticked.has(sheet)}
            onChange={(_, d) => toggle(sheet, d.checked === true)}
          />
        ))}
        {pickError && (
          <Text role="alert" className={styles.error} data-testid="share-error">
            {pickError}
          </Text>
        )}
      </fieldset>
      <Checkbox
        data-testid="share-deidentify"
        label="De-identify (names replaced by codes W01...)"
        checked={deidentify}
        onChange={(_, d) => setDeidentify(d.checked === true)}
      />
      <Checkbox
        data-testid="share-empty-text"
        label="Empty notes and other free text"
        checked={emptyFreeText}
        onChange={(_, d) => setEmptyFreeText(d.checked === true)}
      />
      {!deidentify && (
        <MessageBar intent="warning" data-testid="share-names-warning">
          <MessageBarBody>The copy will show workers&apos; names.</MessageBarBody>
        </MessageBar>
      )}
      <div className={styles.row}>
        <Button
          appearance="primary"
          data-testid="create-copy"
          disabled={ctx.busy || state.files === 'none'}
          onClick={() => void create()}
        >
          Create copy
        </Button>
      </div>
      <NoFilesNote delivery={state.files} testId="share-no-files" />
      <Text className={styles.note}>
        The copy is made on this computer; nothing is sent anywhere. {plural(chosen.length, 'sheet')} chosen.
      </Text>
      {result && <ShareDownload result={result} delivery={state.files} open={(f) => openInExcel(ctx, f)} />}
    </div>
  );
}
