// Task pane entry: mounts the React root inside Fluent UI's provider, waits for Office, then shows <App/> over
// the Office.js implementation of WorkbookApi (src/excel/ops/, loaded as its own chunk once Excel is ready).
import * as React from 'react';
import { createRoot } from 'react-dom/client';
import { FluentProvider, Spinner, Text, Title2, webLightTheme } from '@fluentui/react-components';
import type { WorkbookApi } from '../excel/api';
import { App } from './App';
import { paneFiles } from './files';

type OfficeStatus =
  { state: 'waiting' } | { state: 'ready'; host: string | null } | { state: 'unavailable'; reason: string };

/** Resolves once Office.js is ready, or says why it never will (office.js not loaded, or no answer in time). */
function waitForOffice(timeoutMs: number): Promise<OfficeStatus> {
  if (typeof Office === 'undefined' || typeof Office.onReady !== 'function') {
    return Promise.resolve({ state: 'unavailable', reason: 'office.js did not load.' });
  }
  return new Promise((resolve) => {
    const timer = window.setTimeout(
      () => resolve({ state: 'unavailable', reason: 'Office did not answer in time.' }),
      timeoutMs,
    );
    Office.onReady()
      .then((info) => resolve({ state: 'ready', host: info.host ? String(info.host) : null }))
      .catch((error: unknown) => resolve({ state: 'unavailable', reason: String(error) }))
      .finally(() => window.clearTimeout(timer));
  });
}

/**
 * The Office.js WorkbookApi, in its own chunk. The .xlsx writer (ExcelJS) is a further chunk, loaded
 * only when someone shares a copy.
 */
async function loadOfficeApi(): Promise<WorkbookApi> {
  const ops = await import('../excel/ops');
  return ops.createOfficeApi(paneFiles);
}

type Connection =
  OfficeStatus | { state: 'connected'; api: WorkbookApi } | { state: 'failed'; reason: string };

function Connect(): React.JSX.Element {
  const [office, setOffice] = React.useState<Connection>({ state: 'waiting' });
  React.useEffect(() => {
    let live = true;
    void waitForOffice(15000)
      .then(async (status): Promise<Connection> => {
        if (status.state !== 'ready' || status.host !== 'Excel') return status;
        try {
          return { state: 'connected', api: await loadOfficeApi() };
        } catch (error) {
          return { state: 'failed', reason: error instanceof Error ? error.message : String(error) };
        }
      })
      .then((next) => {
        if (live) setOffice(next);
      });
    return () => {
      live = false;
    };
  }, []);

  if (office.state === 'connected') return <App api={office.api} />;
  let status: React.ReactNode;
  if (office.state === 'waiting') {
    status = <Spinner size="tiny" label="Waiting for Excel…" />;
  } else if (office.state === 'failed') {
    status = (
      <Text data-testid="office-status">
        The add-in could not start: {office.reason} Close the pane and open it again.
      </Text>
    );
  } else {
    const why = office.state === 'unavailable' ? office.reason : 'This page is not running inside Excel.';
    status = <Text data-testid="office-status">{why} Open it from Excel: Home &gt; Peer Performance.</Text>;
  }

  return (
    <main style={{ display: 'flex', flexDirection: 'column', gap: 12, padding: 16 }}>
      <Title2 as="h1">Peer Performance Support</Title2>
      {status}
    </main>
  );
}

function Root(): React.JSX.Element {
  return (
    <FluentProvider theme={webLightTheme} style={{ minHeight: '100%' }}>
      <Connect />
    </FluentProvider>
  );
}

const container = document.getElementById('root');
if (!container) throw new Error('Peer Performance Support: the task pane page has no #root element.');
createRoot(container).render(
  <React.StrictMode>
    <Root />
  </React.StrictMode>,
);
