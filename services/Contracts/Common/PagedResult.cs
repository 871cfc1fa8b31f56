namespace Platform.Contracts.Common;

/// <summary>A page of a list: the rows, the total before paging, and the page asked for.</summary>
public sealed record PagedResult<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize);
