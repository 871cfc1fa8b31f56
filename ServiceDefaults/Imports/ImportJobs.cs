using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Npgsql;
using NpgsqlTypes;
using Platform.Contracts.Common;
using Platform.Contracts.Json;
using Platform.ServiceDefaults.Problems;
using Platform.ServiceDefaults.Scope;

namespace Platform.ServiceDefaults.Imports;

/// <summary>
/// The progress of file imports in the service's <c>import_jobs</c> table. Every call commits on its own connection,
/// outside whatever transaction the import itself runs in, so another tab (served by any replica) sees the progress
/// while the import is still running, and the failure report survives the import's rollback.
/// </summary>
public sealed class ImportJobs(NpgsqlDataSource dataSource, TimeProvider time)
{
    /// <summary>A client that wants to poll progress sends the job id it generated in this header.</summary>
    public const string JobIdHeader = "Import-Job-Id";

    /// <summary>At most this many row errors are kept per job; the count of all of them is kept too.</summary>
    public const int MaxStoredErrors = 1000;

    /// <summary>
    /// The id the client asked for in <see cref="JobIdHeader"/>: null without the header, errors (400) when it is not
    /// a GUID.
    /// </summary>
    public static (Guid? JobId, FieldErrors Errors) ReadJobId(HttpRequest request)
    {
        var errors = new FieldErrors();
        var text = request.Headers[JobIdHeader].ToString().Trim();
        if (text.Length == 0)
        {
            return (null, errors);
        }
        if (Guid.TryParse(text, out var id) && id != Guid.Empty)
        {
            return (id, errors);
        }
        errors.Add(JobIdHeader, "invalid_format", "导入任务编号格式不正确，应为GUID");
        return (null, errors);
    }

    /// <summary>
    /// The upload of an import request: the job id the client asked for (<see cref="ReadJobId"/>) and the multipart
    /// field <c>file</c>; errors (400) when the id is malformed or the file is missing or empty.
    /// </summary>
    public static async Task<(Guid? JobId, IFormFile? File, FieldErrors Errors)> ReadUploadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (jobId, errors) = ReadJobId(request);
        IFormFile? file = null;
        if (!request.HasFormContentType)
        {
            errors.Add("file", "required", "请以multipart/form-data上传文件（字段名file）");
        }
        else
        {
            file = (await request.ReadFormAsync(cancellationToken)).Files.GetFile("file");
            errors.Must(file is { Length: > 0 }, "file", "required", "请选择要导入的文件");
        }
        return (jobId, file, errors);
    }

    /// <summary>Records a running import of <paramref name="fileName"/> started by <paramref name="caller"/>.</summary>
    public Task<Guid> StartAsync(string kind, string fileName, Caller caller, CancellationToken cancellationToken) =>
        StartAsync(kind, fileName, caller, null, cancellationToken);

    /// <summary>
    /// As <see cref="StartAsync(string,string,Caller,CancellationToken)"/>, under the id the client chose
    /// (<see cref="ReadJobId"/>) so it can poll before this request answers.
    /// </summary>
    /// <exception cref="ImportJobConflictException">A job with <paramref name="jobId"/> exists already (answer 409).</exception>
    public async Task<Guid> StartAsync(string kind, string fileName, Caller caller, Guid? jobId, CancellationToken cancellationToken)
    {
        var id = jobId ?? Guid.CreateVersion7();
        await using var command = dataSource.CreateCommand("""
            INSERT INTO import_jobs (id, kind, file_name, status, started_by, started_by_name, organisation_id, region_code, started_at)
            VALUES ($1, $2, $3, 'running', $4, $5, $6, $7, $8)
            ON CONFLICT (id) DO NOTHING
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = Truncate(kind, 64) });
        command.Parameters.Add(new NpgsqlParameter { Value = Truncate(FileNameOnly(fileName), 260) });
        command.Parameters.Add(new NpgsqlParameter { Value = SubjectOf(caller) });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)Truncate(caller.Name ?? caller.UserName, 128) ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)caller.OrganisationId ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)caller.RegionCode ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { Value = time.GetUtcNow() });
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            throw new ImportJobConflictException(id);
        }
        return id;
    }

    public async Task ProgressAsync(Guid id, int processed, int total, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE import_jobs SET processed = $2, total = $3 WHERE id = $1 AND status = 'running'");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = processed });
        command.Parameters.Add(new NpgsqlParameter { Value = total });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The import is done: <paramref name="imported"/> records were written.</summary>
    public async Task SucceedAsync(Guid id, int imported, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE import_jobs SET status = 'succeeded', imported = $2, processed = greatest(processed, total),
                finished_at = $3
            WHERE id = $1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = imported });
        command.Parameters.Add(new NpgsqlParameter { Value = time.GetUtcNow() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The import wrote nothing (all or nothing); the first <see cref="MaxStoredErrors"/> errors are kept.</summary>
    public async Task FailAsync(Guid id, IReadOnlyList<ImportRowError> errors, CancellationToken cancellationToken)
    {
        var kept = errors.Count <= MaxStoredErrors ? errors : errors.Take(MaxStoredErrors).ToList();
        await using var command = dataSource.CreateCommand("""
            UPDATE import_jobs SET status = 'failed', imported = 0, errors = $2, error_count = $3, finished_at = $4
            WHERE id = $1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(kept, ApiJson.Options), NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter { Value = errors.Count });
        command.Parameters.Add(new NpgsqlParameter { Value = time.GetUtcNow() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The job as the portal shows it; null when there is none. Callers check who may see it (<see cref="IsVisibleTo"/>).</summary>
    public async Task<ImportJobDto?> GetAsync(Guid id, CancellationToken cancellationToken) =>
        (await FindAsync(id, cancellationToken))?.Dto;

    internal async Task<ImportJobRecord?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT id, kind, file_name, status, total, processed, imported, errors::text, error_count, started_at, finished_at,
                started_by, region_code
            FROM import_jobs WHERE id = $1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        var errors = JsonSerializer.Deserialize<List<ImportRowError>>(reader.GetString(7), ApiJson.Options) ?? [];
        var dto = new ImportJobDto(
            reader.GetGuid(0),
            reader.GetString(1),
            reader.GetString(2),
            reader.GetString(3),
            reader.GetInt32(4),
            reader.GetInt32(5),
            reader.GetInt32(6),
            errors,
            reader.GetFieldValue<DateTimeOffset>(9),
            reader.IsDBNull(10) ? null : reader.GetFieldValue<DateTimeOffset>(10),
            reader.GetInt32(8));
        return new ImportJobRecord(dto, reader.GetString(11), reader.IsDBNull(12) ? null : reader.GetString(12));
    }

    /// <summary>A job is visible to whoever started it, and to users whose region covers the starter's.</summary>
    internal static bool IsVisibleTo(ImportJobRecord job, Caller caller) =>
        job.StartedBy == SubjectOf(caller) || (job.RegionCode is not null && caller.Covers(job.RegionCode));

    internal static string SubjectOf(Caller caller) =>
        Truncate(caller.ActorId, 128)!;

    /// <summary>Some browsers send the client's full path (<c>C:\Users\…\项目.xlsx</c>) whatever the server's OS.</summary>
    private static string FileNameOnly(string fileName) => fileName[(fileName.LastIndexOfAny(['/', '\\']) + 1)..];

    private static string? Truncate(string? value, int max) => value is null || value.Length <= max ? value : value[..max];
}

internal sealed record ImportJobRecord(ImportJobDto Dto, string StartedBy, string? RegionCode);

/// <summary>The client-chosen job id is taken; the endpoint answers 409.</summary>
public sealed class ImportJobConflictException(Guid jobId)
    : Exception($"Import job {jobId} exists already.")
{
    public Guid JobId { get; } = jobId;
}
