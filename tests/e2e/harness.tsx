// Browser entry of the end-to-end test: the production <App/> over the Office.js WorkbookApi
// (src/excel/ops/), with the in-memory Excel host (tests/support/fakeExcel.ts) in place of Excel.run.
// Rendered inside FluentProvider/webLightTheme as src/taskpane/index.tsx does; window.__pps lets the
// test read (and type into) the fake workbook.
//
// The workbook: empty ("Sheet1"), or with ?workbook=FILE.xlsx a workbook of the site opened in the fake
// (tests/support/layoutFixture.ts: a released layout's fixture), and with &newer=VERSION its outcomes
// log's layout record set to VERSION (a workbook a newer version made).
import * as React from 'react';
import { createRoot } from 'react-dom/client';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { createOfficeApi } from '../../src/excel/ops';
import { paneFiles } from '../../src/taskpane/files';
import { App } from '../../src/taskpane/App';
import { createFakeExcel, FakeExcel } from '../support/fakeExcel';
import './pps';

async function openWorkbook(): Promise<FakeExcel> {
  const params = new URLSearchParams(window.location.search);
  const file = params.get('workbook');
  if (!file) return createFakeExcel({ existingSheets: [{ name: 'Sheet1' }] });
  const { openInFake } = await import('../support/layoutFixture');
  const fake = await openInFake(new Uint8Array(await (await fetch(file)).arrayBuffer()));
  const newer = params.get('newer');
  if (newer)
    await fake.run(async (ctx) => {
      const names = ctx.workbook.worksheets.getItem('Outcomes log').names;
      names.getItem('PPS_Layout').delete();
      names.add('PPS_Layout', `="${newer}"`).visible = false;
      await ctx.sync();
    });
  fake.stats.syncs = 0;
  return fake;
}

async function start(): Promise<void> {
  const fake = await openWorkbook();
  // Code that asks Office.context.requirements directly sees the same host.
  if (typeof (globalThis as { Office?: unknown }).Office === 'undefined') fake.installOfficeGlobal();

  const api = createOfficeApi({
    run: fake.run,
    supports: (v) => fake.isSetSupported('ExcelApi', v),
    ...paneFiles,
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
}

void start();
