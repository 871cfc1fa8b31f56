using System.Text.RegularExpressions;
using Platform.Contracts.Projects;
using Platform.Projects.Model;
using Platform.ServiceDefaults.Apis;
using Platform.ServiceDefaults.Problems;

namespace Platform.Projects.Apis;

/// <summary>The fields of a project form: their Chinese labels and the checks of their shape (400) and rules (422).</summary>
public static partial class ProjectFields
{
    public const int MinYear = 2000;
    public const int MaxYear = 2100;
    public const int MaxAttachments = 50;

    // The column widths of the projects table, for the form and the import alike.
    public const int MaxNameLength = 200;
    public const int MaxFundingSourceLength = 64;
    public const int MaxDescriptionLength = 4000;
    public const int MaxContactNameLength = 64;
    public const int MaxContactPhoneLength = 32;

    /// <summary>What a phone number may hold, as the form and the import say it.</summary>
    public const string PhoneFormat = "数字，可含“-”“+”和空格";

    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        ["year"] = "年度",
        ["name"] = "项目名称",
        ["kind"] = "项目类型",
        ["isNew"] = "新增或延续",
        ["fundingSource"] = "资金来源",
        ["requestedAmount"] = "送审金额",
        ["approvedAmount"] = "审定金额",
        ["startYear"] = "开始年度",
        ["endYear"] = "结束年度",
        ["description"] = "项目概述",
        ["contactName"] = "联系人",
        ["contactPhone"] = "联系电话",
        ["attachments"] = "附件",
        ["version"] = "版本号",
        ["exAnteThreshold"] = "事前评估金额标准",
        ["passMark"] = "通过分数线",
        ["projectIds"] = "项目",
    };

    private static readonly HashSet<string> AmountFields = new(StringComparer.Ordinal) { "requestedAmount", "approvedAmount", "exAnteThreshold" };

    public static string LabelOf(string field) => Labels.TryGetValue(field, out var label) ? label : field;

    /// <summary>"project（项目）、policy（政策）…": the values a field takes, each with the name the screens show.</summary>
    public static string Choices(IEnumerable<string> values, Func<string, string> displayName) =>
        string.Join("、", values.Select(v => $"{v}（{displayName(v)}）"));

    /// <summary>What to tell the user about a value of the wrong JSON type in <paramref name="field"/>.</summary>
    public static string MalformedMessage(string field) =>
        AmountFields.Contains(field) ? $"{LabelOf(field)}{Money.FormatMessage}" : $"{LabelOf(field)}的格式不正确";

    /// <summary>Adds the amount error of <paramref name="field"/> when <paramref name="amount"/> is not a valid amount.</summary>
    public static FieldErrors Amount(this FieldErrors errors, string field, decimal? amount) =>
        amount is { } value && !Money.IsValid(value) ? errors.Add(field, "invalid_amount", $"{LabelOf(field)}{Money.FormatMessage}") : errors;

    public static FieldErrors Year(this FieldErrors errors, string field, int? year) =>
        year is { } value && (value < MinYear || value > MaxYear) ? errors.Add(field, "out_of_range", $"{LabelOf(field)}应在{MinYear}到{MaxYear}之间") : errors;

    /// <summary>400: missing or malformed fields of a project form; <paramref name="versionRequired"/> on PUT.</summary>
    public static FieldErrors Validate(SaveProjectRequest request, bool versionRequired)
    {
        var errors = new FieldErrors()
            .Required("year", request.Year, LabelOf("year"))
            .Year("year", request.Year)
            .Required("name", request.Name, LabelOf("name"))
            .MaxLength("name", request.Name?.Trim(), MaxNameLength, LabelOf("name"))
            .Required("kind", request.Kind, LabelOf("kind"))
            .Required("isNew", request.IsNew, LabelOf("isNew"))
            .Required("fundingSource", request.FundingSource, LabelOf("fundingSource"))
            .MaxLength("fundingSource", request.FundingSource?.Trim(), MaxFundingSourceLength, LabelOf("fundingSource"))
            .Required("requestedAmount", request.RequestedAmount, LabelOf("requestedAmount"))
            .Amount("requestedAmount", request.RequestedAmount)
            .Required("startYear", request.StartYear, LabelOf("startYear"))
            .Year("startYear", request.StartYear)
            .Required("endYear", request.EndYear, LabelOf("endYear"))
            .Year("endYear", request.EndYear)
            .MaxLength("description", request.Description, MaxDescriptionLength, LabelOf("description"))
            .MaxLength("contactName", request.ContactName?.Trim(), MaxContactNameLength, LabelOf("contactName"))
            .MaxLength("contactPhone", request.ContactPhone?.Trim(), MaxContactPhoneLength, LabelOf("contactPhone"))
            .Matches("contactPhone", RequestText.NullIfBlank(request.ContactPhone), Phone(), LabelOf("contactPhone"), PhoneFormat);
        if (versionRequired)
        {
            errors.Required("version", request.Version, LabelOf("version"));
        }
        if (!string.IsNullOrWhiteSpace(request.Kind) && !ProjectKinds.All.Contains(request.Kind))
        {
            errors.Add("kind", "invalid_kind", $"项目类型只能是：{Choices(ProjectKinds.All, ProjectKinds.DisplayName)}");
        }
        ValidateAttachments(errors, request.Attachments);
        return errors;
    }

    /// <summary>422: a well-formed form that breaks a rule (the period ends before it starts).</summary>
    public static FieldErrors Rules(SaveProjectRequest request) => new FieldErrors()
        .Must(request.EndYear >= request.StartYear, "endYear", "before_start", "结束年度不能早于开始年度");

    private static void ValidateAttachments(FieldErrors errors, IReadOnlyList<AttachmentDto>? attachments)
    {
        if (attachments is null)
        {
            return;
        }
        if (attachments.Count > MaxAttachments)
        {
            errors.Add("attachments", "too_many", $"附件不能超过{MaxAttachments}个");
            return;
        }
        for (var i = 0; i < attachments.Count; i++)
        {
            var attachment = attachments[i];
            var field = $"attachments[{i}]";
            if (attachment is null)
            {
                errors.Add(field, "required", "附件信息不能为空");
                continue;
            }
            errors.Required($"{field}.name", attachment.Name, "附件名称")
                .MaxLength($"{field}.name", attachment.Name, 200, "附件名称")
                .Must(attachment.SizeBytes >= 0, $"{field}.sizeBytes", "out_of_range", "附件大小不能为负数")
                .Required($"{field}.contentType", attachment.ContentType, "附件类型")
                .MaxLength($"{field}.contentType", attachment.ContentType, 128, "附件类型")
                .MaxLength($"{field}.description", attachment.Description, 500, "附件说明");
        }
    }

    public static bool IsPhone(string value) => Phone().IsMatch(value);

    [GeneratedRegex(@"^[0-9+\- ()]{3,32}$")]
    private static partial Regex Phone();
}
