using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Common;
using Platform.Contracts.Targets;
using Platform.ServiceDefaults.Imports;
using Platform.ServiceDefaults.Problems;
using Platform.ServiceDefaults.Scope;
using Platform.ServiceDefaults.Tabular;
using Platform.Targets.Infrastructure;
using Platform.Targets.Model;

namespace Platform.Targets.Apis;

/// <summary>
/// Import of target sets from the 预算管理一体化 system or a spreadsheet: one row per indicator, all or nothing, a
/// per-row report in Chinese, progress pollable at <c>GET /api/targets/imports/{id}</c>.
/// </summary>
public static partial class TargetImportsApi
{
    public const string Kind = "target-sets";

    /// <summary>40 MB: a county's year of targets (130,000 indicators) as CSV is about 25 MB.</summary>
    public const long MaxUploadBytes = 40L * 1024 * 1024;

    private const int ProgressEvery = 10_000;

    public static RouteGroupBuilder MapTargetImportsApi(this IEndpointRouteBuilder app)
    {
        var targets = app.MapGroup("/api/targets").WithTags("Imports");
        targets.MapPost("/imports", ImportSets)
            .RequireAuthorization(TargetsPolicies.File)
            .WithUploadLimit(MaxUploadBytes)
            .DisableAntiforgery()
            .WithName("ImportTargetSets")
            .WithSummary("导入绩效目标表（CSV/Excel）")
            .WithDescription("multipart/form-data with field `file` (.csv or .xlsx, at most 40 MB), columns: " +
                $"{string.Join(", ", TargetSetImport.Columns)}. " +
                "Creates DRAFT sets of the caller's organisation, all or nothing. Optional header Import-Job-Id lets the client poll progress.");
        targets.MapImportJobs();
        return targets;
    }

    public static async Task<Results<Ok<ImportJobDto>, UnprocessableEntity<ImportJobDto>, ValidationProblem, ProblemHttpResult>> ImportSets(
        HttpRequest request, Caller caller, TargetsDb db, ImportJobs jobs, TimeProvider time, ILoggerFactory loggers, CancellationToken ct)
    {
        var (jobId, file, errors) = await ImportJobs.ReadUploadAsync(request, ct);
        if (errors.HasErrors)
        {
            return errors.ToValidationProblem();
        }
        if (caller.DepartmentId is null || caller.RegionCode is null)
        {
            return ProblemResults.Forbidden("您的账号未归属任何部门或单位，不能导入绩效目标");
        }
        Guid id;
        try
        {
            id = await jobs.StartAsync(Kind, file!.FileName, caller, jobId, ct);
        }
        catch (ImportJobConflictException)
        {
            return ProblemResults.Conflict("import_job_exists", "该导入任务编号已被使用，请重新生成后再试");
        }

        var import = new TargetSetImport();
        try
        {
            await using var stream = file.OpenReadStream();
            var first = true;
            await foreach (var row in TabularReader.ReadAsync(stream, file.FileName, ct))
            {
                if (first && !import.CheckHeader(row.Cells.Keys))
                {
                    break;
                }
                first = false;
                import.Add(row.RowNumber, column => Cell(row, column));
                if (import.RowCount % ProgressEvery == 0)
                {
                    await jobs.ProgressAsync(id, import.RowCount, 0, ct);
                }
            }
        }
        catch (TabularFormatException ex)
        {
            await jobs.FailAsync(id, [new ImportRowError(0, "file", ex.Message)], ct);
            return ProblemResults.Problem(StatusCodes.Status422UnprocessableEntity, TabularFormatException.Code, ex.Message, "文件无法读取");
        }
        var rowErrors = import.Errors.ToList();
        if (rowErrors.Count == 0 && import.RowCount == 0)
        {
            rowErrors.Add(new ImportRowError(1, "file", "文件中没有数据行"));
        }
        if (rowErrors.Count == 0)
        {
            rowErrors.AddRange(await ExistingProjectSetsAsync(db, import, ct));
        }
        if (rowErrors.Count > 0)
        {
            await jobs.FailAsync(id, [.. rowErrors.OrderBy(e => e.Row)], ct);
            return TypedResults.UnprocessableEntity((await jobs.GetAsync(id, ct))!);
        }

        await jobs.ProgressAsync(id, 0, import.RowCount, ct);
        var sets = import.Sets;
        var rowsPerSet = (double)import.RowCount / Math.Max(1, sets.Count);
        try
        {
            var imported = await TargetSetCopier.CopyAsync(db, caller, sets, file.FileName, time.GetUtcNow(),
                written => jobs.ProgressAsync(id, (int)(written * rowsPerSet), import.RowCount, ct), ct);
            await jobs.SucceedAsync(id, imported, ct);
        }
        catch (Npgsql.PostgresException ex) when (ex.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation)
        {
            // Another filer filed a set for one of the projects while this import ran.
            await jobs.FailAsync(id, [new ImportRowError(0, TargetSetImport.ProjectColumn, "文件中的项目已有在用的绩效目标表，请核对后重新导入")], ct);
            return TypedResults.UnprocessableEntity((await jobs.GetAsync(id, ct))!);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            LogCopyFailed(loggers.CreateLogger(typeof(TargetImportsApi)), ex, id);
            await jobs.FailAsync(id, [new ImportRowError(0, "file", "写入数据库时出错，未导入任何数据，请稍后重试")], CancellationToken.None);
            throw;
        }
        return TypedResults.Ok((await jobs.GetAsync(id, ct))!);
    }

    /// <summary>Projects of the file that already have a live set (one live set per project).</summary>
    private static async Task<IEnumerable<ImportRowError>> ExistingProjectSetsAsync(TargetsDb db, TargetSetImport import, CancellationToken ct)
    {
        var byProject = import.Sets.Where(s => s.ProjectId is not null).ToDictionary(s => s.ProjectId!.Value);
        if (byProject.Count == 0)
        {
            return [];
        }
        // One array parameter joined to the project index: an index probe per project, not a scan per project.
        var ids = byProject.Keys.ToArray();
        var taken = await db.Database.SqlQuery<Guid>($"""
            SELECT DISTINCT t.project_id AS "Value"
            FROM unnest({ids}) AS p(id) JOIN target_sets t ON t.project_id = p.id
            WHERE t.status <> 'CLOSED'
            """).ToListAsync(ct);
        return taken.Select(projectId => new ImportRowError(byProject[projectId].FirstRow, TargetSetImport.ProjectColumn,
            "该项目已有在用的绩效目标表，不能重复导入；如需变更请修改草稿或发起调整"));
    }

    private static string? Cell(TabularRow row, string column)
    {
        var value = row[column];
        if (value is null && column == TargetSetImport.AmountColumn)
        {
            value = TargetSetImport.AmountAliases.Select(alias => row[alias]).FirstOrDefault(v => v is not null);
        }
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Import {JobId} failed while writing")]
    private static partial void LogCopyFailed(ILogger logger, Exception exception, Guid jobId);
}
