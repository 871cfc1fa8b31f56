using System.Globalization;
using System.Text;

namespace Platform.Bench.Targets;

/// <summary>One file of an import: its path, how many sets and indicators it holds, its size.</summary>
public sealed record ImportPart(string Path, int Sets, int Indicators, long Bytes);

/// <summary>What the generator wrote: the part files (each under the upload limit) and what they hold.</summary>
public sealed record ImportFiles(IReadOnlyList<ImportPart> Parts, int Sets, int Indicators, int Qualitative, int ProjectSets, long Bytes, int Year)
{
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Sets} target sets ({ProjectSets} of projects, the rest policies and 部门整体) with {Indicators} indicators ({Qualitative} qualitative), " +
        $"year {Year}, CSV {Bytes / 1048576.0:0.0} MB in {Parts.Count} file(s)");
}

/// <summary>
/// Writes a county's year of target sets in the targets import format (one row per indicator, the set's columns on its
/// first row, UTF-8 with BOM as Excel saves it): 3–5 indicators per set whose points sum to exactly 100, at least one
/// 产出 and one 效益 indicator each, so every set passes the submit validation. Deterministic for a seed. Files are split
/// at set boundaries so none exceeds <c>maxFileBytes</c>.
/// </summary>
public static class ImportFile
{
    public static readonly string[] Header =
    [
        "目标表编号", "归属类型", "项目编号", "名称", "年度", "金额(元)", "总体目标", "一级指标", "二级指标", "三级指标",
        "指标性质", "比较符", "指标值", "计量单位", "指标方向", "指标解释", "数据来源", "分值",
    ];

    /// <summary>Keywords the review list is searched with (all occur in generated set names).</summary>
    public static readonly string[] Keywords = ["公路", "秀水镇", "校舍维修改造", "医疗设备", "饮水安全", "高标准农田", "垃圾", "文物保护修缮", "政策", "就业技能培训"];

    public static ImportFiles Write(string directory, string fileStem, int sets, int indicators, int year, long maxFileBytes, int seed)
    {
        if (indicators < 3 * sets || indicators > 5 * sets)
        {
            throw new ArgumentException($"{indicators} indicators cannot be spread 3–5 per set over {sets} sets");
        }
        Directory.CreateDirectory(directory);
        var random = new Random(seed);
        var counts = IndicatorCounts(sets, indicators, random);
        var parts = new List<ImportPart>();
        var encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);
        StreamWriter? writer = null;
        long fileBytes = 0, totalBytes = 0;
        int fileSets = 0, fileIndicators = 0;
        int qualitative = 0, projectSets = 0;
        var headerLine = string.Join(',', Header) + "\r\n";
        var rows = new StringBuilder();
        try
        {
            for (var i = 0; i < sets; i++)
            {
                rows.Clear();
                var (setQualitative, isProject) = AppendSet(rows, random, $"MB{year}-{i + 1:D6}", year, counts[i]);
                qualitative += setQualitative;
                projectSets += isProject ? 1 : 0;
                var setBytes = Encoding.UTF8.GetByteCount(rows.ToString());
                if (writer is null || fileBytes + setBytes > maxFileBytes)
                {
                    Close();
                    writer = new StreamWriter(PartPath(), append: false, encoding, bufferSize: 1 << 16);
                    writer.Write(headerLine);
                    fileBytes = 3 + Encoding.UTF8.GetByteCount(headerLine);
                    totalBytes += fileBytes;
                }
                writer.Write(rows);
                fileBytes += setBytes;
                totalBytes += setBytes;
                fileSets++;
                fileIndicators += counts[i];
            }
        }
        finally
        {
            Close();
        }
        return new ImportFiles(parts, sets, indicators, qualitative, projectSets, totalBytes, year);

        string PartPath() => Path.Combine(directory, $"{fileStem}-{parts.Count + 1}.csv");

        void Close()
        {
            if (writer is not null)
            {
                writer.Dispose();
                parts.Add(new ImportPart(PartPath(), fileSets, fileIndicators, fileBytes));
                writer = null;
                fileSets = fileIndicators = 0;
            }
        }
    }

    /// <summary>3, 4 or 5 per set, shuffled, summing to <paramref name="indicators"/> (130,000 over 35,000: 15,000 × 3, 15,000 × 4, 5,000 × 5).</summary>
    private static int[] IndicatorCounts(int sets, int indicators, Random random)
    {
        var extra = indicators - 3 * sets;
        var fives = Math.Max(extra / 5, extra - sets);
        var fours = extra - 2 * fives;
        var counts = new int[sets];
        for (var i = 0; i < sets; i++)
        {
            counts[i] = i < fives ? 5 : i < fives + fours ? 4 : 3;
        }
        random.Shuffle(counts);
        return counts;
    }

    private sealed record Sector(string Name, string[] Projects, Template[] Quantities);

    private sealed record Template(string Level1, string Level2, string Name, string? Unit, string? Comparator, int Min, int Max,
        string Direction, string Explanation, string Source)
    {
        public bool Qualitative => Unit is null;
    }

    private static Template Q(string level2, string name, string unit, int min, int max, string source) =>
        new("产出", level2, name, unit, "≥", min, max, "正向", $"反映{name.Replace("数量", "", StringComparison.Ordinal)}完成情况", source);

    private static readonly Sector[] Sectors =
    [
        new("教育", ["校舍维修改造", "教学设备购置", "学生营养改善计划", "教师培训", "校园安全设施建设", "信息化教学设备更新", "学前教育资助"],
            [Q("数量", "维修改造校舍面积", "平方米", 800, 6000, "项目验收报告"), Q("数量", "购置教学设备数量", "台（套）", 20, 300, "资产入库单"),
             Q("数量", "受益学生人数", "人", 200, 3000, "学籍统计台账"), Q("数量", "培训教师人次", "人次", 50, 600, "培训签到记录")]),
        new("卫生", ["基层医疗设备购置", "基本公共卫生服务", "村卫生室标准化建设", "疾病预防控制"],
            [Q("数量", "购置医疗设备数量", "台", 5, 80, "资产入库单"), Q("数量", "建成标准化村卫生室数量", "个", 3, 30, "项目验收报告"),
             Q("数量", "老年人健康管理人数", "人", 1000, 20000, "公共卫生服务系统")]),
        new("农业", ["高标准农田建设", "农机购置补贴", "农业技术推广", "小杂粮产业发展"],
            [Q("数量", "建设高标准农田面积", "亩", 1000, 20000, "项目验收报告"), Q("数量", "补贴农机具数量", "台", 50, 500, "补贴发放台账"),
             Q("数量", "技术培训农民人次", "人次", 200, 3000, "培训签到记录")]),
        new("交通", ["农村公路养护", "乡村道路硬化", "危桥改造"],
            [Q("数量", "养护农村公路里程", "公里", 20, 300, "公路养护台账"), Q("数量", "硬化道路长度", "公里", 2, 40, "项目验收报告"),
             Q("数量", "改造危桥数量", "座", 1, 10, "项目验收报告")]),
        new("水利", ["农村饮水安全巩固提升", "河道治理", "小型水库除险加固"],
            [Q("数量", "巩固提升饮水安全人口", "人", 500, 20000, "水利统计年报"), Q("数量", "治理河道长度", "公里", 1, 20, "项目验收报告")]),
        new("文化", ["乡村文化活动", "图书馆免费开放", "文物保护修缮"],
            [Q("数量", "组织文化活动场次", "场", 10, 200, "活动记录"), Q("数量", "修缮文物建筑面积", "平方米", 100, 3000, "项目验收报告")]),
        new("社保", ["城乡居民养老保险补助", "困难群众救助", "就业技能培训"],
            [Q("数量", "发放补助人数", "人", 500, 30000, "补助发放台账"), Q("数量", "开展就业技能培训人次", "人次", 100, 2000, "培训签到记录")]),
        new("环保", ["大气污染防治", "农村生活污水治理", "垃圾分类收运"],
            [Q("数量", "治理村庄数量", "个", 5, 60, "项目验收报告"), Q("数量", "新增垃圾收运设备数量", "台", 10, 100, "资产入库单")]),
    ];

    private static readonly Template[] Benefits =
    [
        new("效益", "社会效益", "群众生活条件改善情况", null, null, 0, 0, "正向", "反映项目实施对群众生产生活条件的改善", "实地核查"),
        new("效益", "社会效益", "安全隐患消除率", "%", "≥", 90, 100, "正向", "反映项目实施后安全隐患的消除程度", "安全检查记录"),
        new("效益", "社会效益", "服务覆盖率", "%", "≥", 80, 100, "正向", "反映公共服务覆盖的人群比例", "统计台账"),
        new("效益", "经济效益", "带动农户增收", "万元", "≥", 20, 500, "正向", "反映项目带动受益农户增加的收入", "农经统计报表"),
        new("效益", "生态效益", "生态环境质量改善情况", null, null, 0, 0, "正向", "反映项目实施对区域生态环境的改善", "生态环境监测报告"),
        new("效益", "生态效益", "污水处理率", "%", "≥", 80, 98, "正向", "反映生活污水得到有效处理的比例", "环境监测报告"),
        new("效益", "可持续影响", "设施持续使用年限", "年", "≥", 5, 20, "正向", "反映建成设施可持续发挥效益的年限", "设计文件"),
        new("效益", "可持续影响", "长效管护机制建立情况", null, null, 0, 0, "正向", "反映项目建成后管护责任和经费的落实", "管护制度文件"),
    ];

    private static readonly Template[] Extras =
    [
        new("产出", "质量", "工程验收合格率", "%", "=", 100, 100, "正向", "反映工程质量达到验收标准的比例", "项目验收报告"),
        new("产出", "质量", "资金使用合规率", "%", "=", 100, 100, "正向", "反映资金按规定用途使用的比例", "财务审计报告"),
        new("产出", "时效", "资金拨付及时率", "%", "≥", 90, 100, "正向", "反映资金按计划及时拨付的比例", "国库支付记录"),
        new("产出", "时效", "项目完成时限", "月", "≤", 6, 12, "反向", "反映项目自开工至完工所用时间", "项目进度报表"),
        new("产出", "成本", "单位成本控制标准", "元", "≤", 300, 3000, "反向", "反映单位产出的平均成本", "财务决算资料"),
        new("成本", "经济成本", "项目总成本", "万元", "≤", 10, 500, "反向", "反映项目实施的全部经济成本", "财务决算资料"),
    ];

    private static readonly Template[] Satisfactions =
    [
        new("满意度", "服务对象满意度", "受益群众满意度", "%", "≥", 85, 95, "正向", "反映受益群众对项目实施效果的满意程度", "满意度调查问卷"),
        new("满意度", "服务对象满意度", "服务对象满意度", "%", "≥", 85, 95, "正向", "反映服务对象对服务质量的满意程度", "满意度调查问卷"),
    ];

    private static readonly string[] Towns = ["秀水镇", "孙家庄镇", "路家村镇", "南娄镇", "牛村镇", "苌池镇", "上社镇", "西烟镇", "仙人乡", "北下庄乡", "梁家寨乡", "西潘乡", "全县"];

    private static readonly string[] Goals =
    [
        "按期完成建设任务，改善群众生产生活条件，提升公共服务水平。",
        "确保资金及时足额拨付，项目质量全部达标，受益群众满意度不低于90%。",
        "完成年度目标任务，补齐基础设施短板，建立长效管护机制。",
        "规范资金管理，提高资金使用效益，推动相关事业高质量发展。",
    ];

    /// <summary>Appends one set's rows; returns how many of its indicators are qualitative and whether it is a project's.</summary>
    private static (int Qualitative, bool Project) AppendSet(StringBuilder rows, Random random, string key, int year, int count)
    {
        var sector = Sectors[random.Next(Sectors.Length)];
        var project = sector.Projects[random.Next(sector.Projects.Length)];
        var kindRoll = random.Next(100);
        var (ownerType, projectId, name) = kindRoll switch
        {
            < 85 => ("项目", NewGuid(random).ToString(), $"{Towns[random.Next(Towns.Length)]}{year}年{project}项目（第{random.Next(1, 40)}批）"),
            < 97 => ("政策", "", $"{year}年{sector.Name}领域{project}补助政策"),
            _ => ("部门整体", "", $"{year}年{sector.Name}部门整体支出（{random.Next(1, 400)}）"),
        };
        var amount = Math.Round((decimal)Math.Exp(random.NextDouble() * Math.Log(100) + Math.Log(50_000)), random.Next(3) == 0 ? 2 : 0);
        var goal = $"通过实施{project}，{Goals[random.Next(Goals.Length)]}";

        var chosen = new List<Template>(count)
        {
            sector.Quantities[random.Next(sector.Quantities.Length)],
            Benefits[random.Next(Benefits.Length)],
            Satisfactions[random.Next(Satisfactions.Length)],
        };
        while (chosen.Count < count)
        {
            var extra = Extras[random.Next(Extras.Length)];
            if (chosen.All(t => t.Name != extra.Name))
            {
                chosen.Add(extra);
            }
        }
        var points = Points(random, count);
        var qualitative = 0;
        for (var i = 0; i < count; i++)
        {
            var t = chosen[i];
            qualitative += t.Qualitative ? 1 : 0;
            var value = t.Qualitative ? "" : random.Next(t.Min, t.Max + 1).ToString(CultureInfo.InvariantCulture);
            var first = i == 0;
            Row(rows,
                key,
                first ? ownerType : "",
                first ? projectId : "",
                first ? name : "",
                first ? year.ToString(CultureInfo.InvariantCulture) : "",
                first ? amount.ToString(CultureInfo.InvariantCulture) : "",
                first ? goal : "",
                t.Level1,
                t.Level2,
                t.Name,
                t.Qualitative ? "定性" : "定量",
                t.Comparator ?? "",
                value,
                t.Unit ?? "",
                t.Direction,
                t.Explanation,
                t.Source,
                points[i].ToString(CultureInfo.InvariantCulture));
        }
        return (qualitative, projectId.Length > 0);
    }

    /// <summary>Positive points summing to exactly 100: mostly whole numbers, one set in ten with two decimals (33.33 …).</summary>
    private static decimal[] Points(Random random, int count)
    {
        var weights = Enumerable.Range(0, count).Select(_ => 1 + random.Next(4)).ToArray();
        var decimals = random.Next(10) == 0 ? 2 : 0;
        var total = weights.Sum();
        var points = weights.Select(w => Math.Round(100m * w / total, decimals, MidpointRounding.AwayFromZero)).ToArray();
        points[^1] = 100m - points[..^1].Sum();
        return points;
    }

    private static Guid NewGuid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    private static void Row(StringBuilder rows, params string[] cells)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0)
            {
                rows.Append(',');
            }
            var cell = cells[i];
            if (cell.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            {
                rows.Append('"').Append(cell.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                rows.Append(cell);
            }
        }
        rows.Append("\r\n");
    }
}
