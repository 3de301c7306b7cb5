// What the end-to-end harness page exposes as window.__pps, for the test's page.evaluate calls.
import type { FakeExcel } from '../support/fakeExcel';

export interface PpsHandle {
  /** The in-memory Excel host behind the pane (run a batch with fake.run, as a person typing would). */
  fake: FakeExcel;
  stats: FakeExcel['stats'];
  /** Inspection API over the fake workbook: sheetNames(), values(sheet, 'A1:B2'), activeSheet(), ... */
  inspect: FakeExcel['workbook'];
}

declare global {
  interface Window {
    __pps?: PpsHandle;
  }
}
