// Package importer turns 财政项目支出绩效目标表 as published — converted
// from PDF or Word into text, or kept in Excel — and their self-evaluations
// (绩效自评表) into projects that jixiao can write as content files. It is
// the way into the pipeline for tables that exist only on paper, in a PDF
// or in a workbook: import → (content files) → load → check → …
//
// Text reads the text form and XLSX a workbook. Both turn their input into
// rows of non-empty cells, each with its column, and one parser reads the
// tables from those rows, so that both forms are read alike.
//
// # The text form
//
// The input is what a PDF or Word table becomes when each row of the
// table is a line and each cell is separated by a tab (the form of
// seeds/000_2630eafe95208aee.txt):
//
//   - A file holds one or more tables. Each starts at its title line,
//     财政项目支出绩效目标表, followed by the year line "(2023 年度)".
//   - Merged cells arrive as empty cells, and the converter shifts cells
//     left and right from table to table: the same field sits in different
//     columns, and the 满意度 rows may start at column 0. So every field is
//     found by its label (项目名称, 项目资金总额, 其中：财政资金 …), never by
//     its column: the value of a label is the next non-empty cell to its
//     right on the same row, or empty when that cell is another label
//     ("其他资金→→其他资金" has two empty values).
//   - The form has two 其他资金: the first on the form is funds.other, the
//     one beside 上年结转资金 (the annual request's) is annual_other.
//     With both present, reading order decides; with one, its neighbours
//     on its row or, failing that, the columns of the other fund labels.
//   - The goals sit on the row after the 项目总目标 / 年度总体目标 labels:
//     its first non-empty cell is the overall goal, the next the annual
//     one. <p> and <br> tags are removed.
//   - The indicator table starts at the header row (一级指标, 二级指标,
//     三级指标, 年度指标值). In each row, known 一级 and 二级 names are
//     recognised by name (framework.For(framework.Any) and its aliases),
//     the 三级指标 is the cell numbered "指标1：" or "目标1：" (the number is
//     dropped) or else the text after the level names, and the target is
//     the last cell after it. A 一级 or 二级 name applies to the rows under
//     it until the next, as the merged cell did.
//   - The category is the box ticked in the 项目类别 cell
//     (`专项资金 <input checked="" type="checkbox"/> 经常性项目 …`), or
//     the glyph before the name — ☑专项资金 □经常性项目, ■ or √ — or
//     after it (专项资金☑), in that cell or the cells after it; or the
//     cell simply names the category.
//   - Amounts are 万元 with the unit and stray spaces removed ("12. 01万"
//     → 12.01); dates are read by load.ParseDate ("2023. 1. 1").
//     Full-width digits are folded in numbers and dates; names, goals and
//     targets keep the text as published.
//
// Nothing is invented: an empty cell stays empty, and whatever cannot be
// read is reported as a diagnostic of one of Rules, at its line and column
// in the input. Input in GBK (GB18030) or UTF-16 is converted, with a
// warning.
//
// # Workbooks
//
// An .xlsx holds a table to a sheet, laid out as in the text form: a
// merged cell has its value in its top-left cell and nothing in the
// others, just as merged cells arrive in text, and the same labels are
// found the same way. Sheets that are empty are skipped; sheets holding
// anything but a table are skipped with a warning. A cell's text is what
// Excel displays (90% for 0.9 formatted as a percentage), except that
//
//   - an amount, 分值 or 得分 stored as a number is the shortest decimal
//     that reads back as the stored float (28.86, never 28.859999999999999),
//     and never goes through float arithmetic; a float that a formula left
//     with more than 4 decimals is read as displayed;
//   - a date stored as a number is the date of that serial (a real Excel
//     date, whatever format shows it; 1904 workbooks too); dates written as
//     text ("2023.1.1") are read as in text.
//
// A diagnostic's Line and Col are the cell's row and column number, and
// its message starts with the sheet and cell: "工作表 Sheet1 的 C5：…".
//
// # The self-evaluation
//
// A 绩效自评表 is the same form with result columns in the indicator
// table, found by their header labels in any order: 年度指标值, 实际完成值,
// 分值, 得分, 偏差原因及改进措施, and 是否完成 or 完成情况 (是/否,
// 完成/未完成, √/×) for a qualitative indicator's met. With such columns a
// row's cells are read by the header's columns rather than by the order of
// its cells (a row that starts a column early, as converted text may,
// shifts with its 三级指标). Below the indicators, rows labelled 自评总分, 自评等级 and
// 自评结论 (or 总分, 等级, 结论; 合计 for the total) are the Evaluation; a
// total row may hold the sums of 分值 and 得分 under their columns, and the
// latter is the total score. These labels may also sit above the
// indicators.
//
// A table is a self-evaluation when its title says so (项目支出绩效自评表),
// its sheet's name has 自评 in it, or it has result columns (实际完成值,
// 得分, 是否完成, 偏差原因及改进措施) or an Evaluation. When the input also holds the target table of the same
// project (the same 项目名称 and year), the self-evaluation joins it: each
// indicator's results go to the target's indicator of the same name, and
// the Evaluation to the project; the target table's fields and targets are
// kept, and a warning names what does not match. Otherwise the
// self-evaluation is a project of its own, with targets and results.
//
// Write saves the projects as .md files named by FileName, never
// overwriting a file unless told to, and atomically.
package importer
