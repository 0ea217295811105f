package project

// Type is the kind of value a key takes.
type Type int

const (
	TypeString Type = iota // a one-line string
	TypeText               // a string that may span lines
	TypeInt                // a TOML integer
	TypeDate               // a TOML date (2023-01-01)
	TypeMoney              // 万元: a string or number with up to 4 decimals
	TypeScore              // a score or weight: a number with up to 4 decimals
	TypeBool               // true or false
)

// Field describes one key of the content format: the single table that maps
// code's English keys to the labels on the form.
type Field struct {
	Key      string // "name", "funds.total", "indicators.target"
	Label    string // 项目名称
	Type     Type
	Required bool
	Doc      string // a one-line note for `jixiao new` and the schema
	Example  string // a TOML value for `jixiao new`
	// Result marks the keys of the self-evaluation (绩效自评), filled in
	// after the year: `jixiao new` writes them commented out.
	Result bool
}

// Fields lists every key, in the order of the form. Keys of tables and
// arrays of tables are prefixed with their table's name.
var Fields = []Field{
	{Key: "name", Label: "项目名称", Type: TypeString, Required: true, Doc: "项目名称", Example: `"新中心运营费"`},
	{Key: "code", Label: "项目编码", Type: TypeString, Doc: "项目编码（可选；全站唯一）", Example: `"2023-WJ-002"`},
	{Key: "year", Label: "预算年度", Type: TypeInt, Required: true, Doc: "预算年度", Example: `2023`},
	{Key: "department", Label: "主管部门", Type: TypeString, Required: true, Doc: "主管部门", Example: `"吴泾镇人民政府"`},
	{Key: "unit", Label: "实施单位", Type: TypeString, Required: true, Doc: "实施单位", Example: `"吴泾镇社区党群服务中心"`},
	{Key: "category", Label: "项目类别", Type: TypeString, Required: true, Doc: "项目类别：专项资金 | 经常性项目 | 一次性项目", Example: `"专项资金"`},
	{Key: "start", Label: "计划开始日期", Type: TypeDate, Doc: "计划开始日期（TOML 日期，不加引号）", Example: `2023-01-01`},
	{Key: "end", Label: "计划完成日期", Type: TypeDate, Doc: "计划完成日期", Example: `2023-12-31`},

	{Key: "funds.total", Label: "项目资金总额", Type: TypeMoney, Doc: "项目资金总额（万元，最多 4 位小数；空 = 0）", Example: `"28.86"`},
	{Key: "funds.fiscal", Label: "财政资金", Type: TypeMoney, Doc: "其中：财政资金", Example: `"28.86"`},
	{Key: "funds.other", Label: "其他资金", Type: TypeMoney, Doc: "其他资金", Example: `"0"`},
	{Key: "funds.annual", Label: "年度资金申请总额", Type: TypeMoney, Doc: "年度资金申请总额", Example: `"28.86"`},
	{Key: "funds.appropriation", Label: "当年财政拨款", Type: TypeMoney, Doc: "其中：当年财政拨款", Example: `"28.86"`},
	{Key: "funds.carryover", Label: "上年结转资金", Type: TypeMoney, Doc: "上年结转资金", Example: `"0"`},
	{Key: "funds.annual_other", Label: "年度其他资金", Type: TypeMoney, Doc: "其他资金（年度申请中的）", Example: `"0"`},

	{Key: "goals.overall", Label: "项目总目标", Type: TypeText, Doc: "项目总目标（覆盖开始年度至完成年度）", Example: `"""
为党员和居民提供安静舒适的阅读环境。
"""`},
	{Key: "goals.annual", Label: "年度总体目标", Type: TypeText, Doc: "年度总体目标", Example: `"""
全年开展党群主题活动不少于 24 次。
"""`},

	{Key: "indicators.level1", Label: "一级指标", Type: TypeString, Required: true, Doc: "一级指标：产出指标 | 效益指标 | 满意度指标 | 成本指标", Example: `"产出指标"`},
	{Key: "indicators.level2", Label: "二级指标", Type: TypeString, Required: true, Doc: "二级指标：如 数量指标、质量指标、时效指标", Example: `"数量指标"`},
	{Key: "indicators.name", Label: "三级指标", Type: TypeString, Required: true, Doc: "三级指标（不写“指标1：”编号）", Example: `"活动开展次数"`},
	{Key: "indicators.target", Label: "年度指标值", Type: TypeString, Doc: "年度指标值：如 ≥24次、≥95%、≤12万元，或 达标、效果明显", Example: `"≥24次"`},
	{Key: "indicators.actual", Label: "实际完成值", Type: TypeString, Result: true, Doc: "实际完成值（自评时填写，写法同年度指标值）", Example: `"26次"`},
	{Key: "indicators.met", Label: "是否完成", Type: TypeBool, Result: true, Doc: "定性指标是否完成（true/false；定量指标由数值比较得出）", Example: `true`},
	{Key: "indicators.weight", Label: "分值", Type: TypeScore, Result: true, Doc: "分值（权重；各指标之和为 100）", Example: `10`},
	{Key: "indicators.score", Label: "得分", Type: TypeScore, Result: true, Doc: "得分（不超过分值）", Example: `10`},
	{Key: "indicators.deviation", Label: "偏差原因及改进措施", Type: TypeText, Result: true, Doc: "偏差原因及改进措施", Example: `""`},

	{Key: "evaluation.year", Label: "自评年度", Type: TypeInt, Result: true, Doc: "自评年度", Example: `2023`},
	{Key: "evaluation.total_score", Label: "自评总分", Type: TypeScore, Result: true, Doc: "自评总分（= 各指标得分之和）", Example: `95`},
	{Key: "evaluation.grade", Label: "自评等级", Type: TypeString, Result: true, Doc: "自评等级：优 | 良 | 中 | 差", Example: `"优"`},
	{Key: "evaluation.summary", Label: "自评结论", Type: TypeText, Result: true, Doc: "自评结论", Example: `"全年目标基本完成。"`},
}

// Tables are the TOML tables of the format: a plain table, or an array of
// tables when Array is set.
var Tables = []struct {
	Key, Label string
	Array      bool
}{
	{"funds", "项目资金（万元）", false},
	{"goals", "项目绩效目标", false},
	{"indicators", "绩效指标", true},
	{"evaluation", "绩效自评", false},
}

// FieldByKey returns the field with a key, or nil.
func FieldByKey(key string) *Field {
	for i := range Fields {
		if Fields[i].Key == key {
			return &Fields[i]
		}
	}
	return nil
}

// KeysIn returns the keys directly inside table ("" for the top level),
// without the table prefix.
func KeysIn(table string) []string {
	var keys []string
	for _, f := range Fields {
		t, k := "", f.Key
		for i := 0; i < len(f.Key); i++ {
			if f.Key[i] == '.' {
				t, k = f.Key[:i], f.Key[i+1:]
				break
			}
		}
		if t == table {
			keys = append(keys, k)
		}
	}
	if table == "" {
		for _, t := range Tables {
			keys = append(keys, t.Key)
		}
	}
	return keys
}
