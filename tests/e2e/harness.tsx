// Browser entry of the end-to-end test: the production <App/> over the Office.js WorkbookApi
// (src/excel/ops/), with the in-memory Excel host (tests/support/fakeExcel.ts) in place of Excel.run.
// Rendered inside FluentProvider/webLightTheme as src/taskpane/index.tsx does; window.__pps lets the
// test read (and type into) the fake workbook.
import * as React from 'react';
import { createRoot } from 'react-dom/client';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { createOfficeApi } from '../../src/excel/ops';
import { App } from '../../src/taskpane/App';
import { createFakeExcel } from '../support/fakeExcel';
import './pps';

const fake = createFakeExcel({ existingSheets: [{ name: 'Sheet1' }] });
// Code that asks Office.context.requirements directly sees the same host.
if (typeof (globalThis as { Office?: unknown }).Office === 'undefined') fake.installOfficeGlobal();

const api = createOfficeApi({
  run: fake.run,
  supports: (v) => fake.isSetSupported('ExcelApi', v),
  writeXlsx: async (plan) => (await import('../../src/xlsx/write')).writeWorkbook(plan),
  readXlsx: async (bytes, name) => {
    const [{ loadXlsx, workbookGrids }, { FORM_LIMITS }] = await Promise.all([
      import('../../src/xlsx/read'),
      import('../../src/xlsx/guard'),
    ]);
    return workbookGrids(await loadXlsx(bytes, name, FORM_LIMITS));
  },
});

window.__pps = { fake, stats: fake.stats, inspect: fake.workbook };

const container = document.getElementById('root');
if (!container) throw new Error('e2e harness: the page has no #root element.');
createRoot(container).render(
  <React.StrictMode>
    <FluentProvider theme={webLightTheme} style={{ minHeight: '100%' }}>
      <App api={api} />
    </FluentProvider>
  </React.StrictMode>,
);
