namespace Platform.Contracts.Common;

/// <summary>
/// The progress and outcome of one file import (GET …/imports/{id}). <see cref="Errors"/> holds at most the first
/// 1,000 problems; <see cref="ErrorCount"/> counts all of them.
/// </summary>
public sealed record ImportJobDto(
    Guid Id,
    string Kind,
    string FileName,
    string Status,
    int Total,
    int Processed,
    int Imported,
    IReadOnlyList<ImportRowError> Errors,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    int ErrorCount = 0);

/// <summary>One problem of an import: the file's row (as Excel numbers it, header = 1), the column, and what is wrong, in Chinese.</summary>
public sealed record ImportRowError(int Row, string Field, string Message);

/// <summary>The states of an import job.</summary>
public static class ImportJobStatuses
{
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
}
