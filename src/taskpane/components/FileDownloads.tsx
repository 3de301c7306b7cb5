// Download links for files the add-in made (.xlsx bytes held in memory until the pane closes).
import * as React from 'react';
import { Link } from '@fluentui/react-components';
import { useStyles } from './common';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function FileDownloads(props: {
  files: { fileName: string; bytes: Uint8Array }[];
  testId: string;
}): React.JSX.Element {
  const styles = useStyles();
  const [urls, setUrls] = React.useState<string[]>([]);
  React.useEffect(() => {
    const made = props.files.map((f) =>
      URL.createObjectURL(new Blob([f.bytes as BlobPart], { type: XLSX_TYPE })),
    );
    setUrls(made);
    return () => made.forEach((u) => URL.revokeObjectURL(u));
  }, [props.files]);
  return (
    <ul className={styles.list} data-testid={props.testId}>
      {props.files.map((f, i) => (
        <li key={f.fileName}>
          {urls[i] && (
            <Link href={urls[i]} download={f.fileName} data-testid="download-file" data-file={f.fileName}>
              {`Download ${f.fileName}`}
            </Link>
          )}
        </li>
      ))}
    </ul>
  );
}
