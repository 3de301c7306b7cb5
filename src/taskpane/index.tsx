// Task pane entry: mounts the React root inside Fluent UI's provider.
//
// To plug in the real UI: add `import App from './App';` and render <App /> in place of <Placeholder /> in
// Root below (App can wait for Office itself, or take `office` as a prop).
import * as React from 'react';
import { createRoot } from 'react-dom/client';
import { FluentProvider, Spinner, Text, Title2, webLightTheme } from '@fluentui/react-components';

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

function Placeholder(): React.JSX.Element {
  const [office, setOffice] = React.useState<OfficeStatus>({ state: 'waiting' });
  React.useEffect(() => {
    let live = true;
    void waitForOffice(15000).then((status) => {
      if (live) setOffice(status);
    });
    return () => {
      live = false;
    };
  }, []);

  let status: React.ReactNode;
  if (office.state === 'waiting') {
    status = <Spinner size="tiny" label="Waiting for Excel…" />;
  } else if (office.state === 'ready' && office.host === 'Excel') {
    status = <Text data-testid="office-status">Connected to Excel.</Text>;
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
      <Placeholder />
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
