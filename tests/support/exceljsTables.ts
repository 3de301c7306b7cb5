/**
 * Jest setup: tests read our workbooks with ExcelJS directly, and ExcelJS alone cannot parse a table column
 * holding a calculated column formula (the outcomes log's): the product's reader patches ExcelJS the same
 * way before every load (src/xlsx/calculatedColumns.ts), so the tests do too.
 */
import { readTablesWithFormulas } from '../../src/xlsx/calculatedColumns';

readTablesWithFormulas();
