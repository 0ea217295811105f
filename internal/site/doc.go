// Package site plans the disclosure website: from a loaded site it builds
// the page graph — projects, departments (主管部门), implementing units
// (实施单位) and years, each with exact totals recomputed from its projects —
// and the list of pages to render.
//
// It is the third stage of the pipeline (load → check → plan → render →
// write). Everything here is sorted so that the same content always gives
// the same pages in the same order:
//
//   - years newest first;
//   - departments and units in the order site.toml lists them, then the
//     others by name;
//   - projects by year (newest first), department, unit, then Slug.
//
// Totals are sums of decimal.Decimal, never of floats and never read from
// the input. They count the self-evaluations (绩效自评) too (Results):
// indicators met of those that can be told, and the average 自评总分, an
// exact sum divided once and rounded to two decimals.
package site
