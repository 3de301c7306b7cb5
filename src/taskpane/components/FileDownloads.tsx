// Files the add-in made (.xlsx bytes held in memory until the pane closes), handed over the way this Excel
// allows: download links; in Excel for Mac and iPad, which ignore download links, a button that opens the
// file as a new workbook to save; where neither works, a plain explanation.
import * as React from 'react';
import { Button, Link, MessageBar, MessageBarBody } from '@fluentui/react-components';
import type { FileDelivery, FormFile } from '../../excel/api';
import { PaneContext, useStyles } from './common';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Why files cannot be handed over on this Excel, and what to do instead. */
export const NO_FILES_MESSAGE =
  'This Excel cannot hand over files from an add-in: Excel for Mac and iPad ignore download links, and ' +
  'opening the file as a new workbook needs a newer Excel (Microsoft 365, or Office 2021 or later). Do this ' +
  'step in Excel on the web (office.com, in a browser) or in Excel for Windows.';

/** The message shown before a file is made when this Excel cannot hand it over (nothing when it can). */
export function NoFilesNote(props: { delivery?: FileDelivery; testId: string }): React.JSX.Element | null {
  if (props.delivery !== 'none') return null;
  return (
    <MessageBar intent="warning" data-testid={props.testId}>
      <MessageBarBody>{NO_FILES_MESSAGE}</MessageBarBody>
    </MessageBar>
  );
}

/** Opens a file in Excel as a new workbook, through the pane's runner (spinner, errors, a notice). */
export function openInExcel(ctx: PaneContext, file: FormFile): void {
  void ctx.run(`Opening ${file.fileName}`, () => ctx.api.openFile(file), {
    done: `Excel opened ${file.fileName} as a new workbook. Save it (File > Save As) where you keep files to send.`,
  });
}

export function FileDownloads(props: {
  files: FormFile[];
  testId: string;
  /** How this Excel hands files over (default: download links). */
  delivery?: FileDelivery;
  /** Opens one file as a new workbook ('newWorkbook' delivery). */
  open?: (file: FormFile) => void;
}): React.JSX.Element {
  const styles = useStyles();
  const delivery = props.delivery ?? 'download';
  const [urls, setUrls] = React.useState<string[]>([]);
  React.useEffect(() => {
    if (delivery !== 'download') return undefined;
    const made = props.files.map((f) =>
      URL.createObjectURL(new Blob([f.bytes as BlobPart], { type: XLSX_TYPE })),
    );
    setUrls(made);
    return () => made.forEach((u) => URL.revokeObjectURL(u));
  }, [props.files, delivery]);
  if (delivery === 'none') return <NoFilesNote delivery="none" testId={`${props.testId}-none`} />;
  return (
    <ul className={styles.list} data-testid={props.testId}>
      {props.files.map((f, i) => (
        <li key={f.fileName}>
          {delivery === 'newWorkbook' ? (
            <Button
              appearance="secondary"
              data-testid="open-file"
              data-file={f.fileName}
              onClick={() => props.open?.(f)}
            >
              {`Open ${f.fileName} in Excel`}
            </Button>
          ) : (
            urls[i] && (
              <Link href={urls[i]} download={f.fileName} data-testid="download-file" data-file={f.fileName}>
                {`Download ${f.fileName}`}
              </Link>
            )
          )}
        </li>
      ))}
    </ul>
  );
}
