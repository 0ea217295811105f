// Package importer turns 财政项目支出绩效目标表 as published — converted
// from PDF or Word into text — into projects that jixiao can write as
// content files. It is the way into the pipeline for tables that exist
// only on paper or in a PDF: import → (content files) → load → check → …
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
//     (`专项资金 <input checked="" type="checkbox"/> 经常性项目 …`).
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
// Write saves the projects as .md files named by FileName, never
// overwriting a file unless told to, and atomically.
package importer
