using Platform.ServiceDefaults.Problems;

namespace Platform.ServiceDefaults.Apis;

/// <summary>Page and page size of a list request: page from 1, 20 rows unless asked, at most 100.</summary>
public readonly record struct Paging(int Page, int PageSize)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public int Skip => (Page - 1) * PageSize;

    /// <summary>The paging asked for, or the field errors (400) that say why it cannot be.</summary>
    public static (Paging Paging, FieldErrors Errors) From(int? page, int? pageSize)
    {
        var errors = new FieldErrors()
            .Must(page is null or >= 1, "page", "out_of_range", "页码应从1开始")
            .Must(pageSize is null or (>= 1 and <= MaxPageSize), "pageSize", "out_of_range", $"每页条数应在1到{MaxPageSize}之间");
        return (new Paging(page ?? 1, pageSize ?? DefaultPageSize), errors);
    }
}
