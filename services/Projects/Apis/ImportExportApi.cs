using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Platform.Contracts.Common;
using Platform.Contracts.Projects;
using Platform.Projects.Extensions;
using Platform.Projects.Infrastructure;
using Platform.Projects.Model;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Imports;
using Platform.ServiceDefaults.Problems;
using Platform.ServiceDefaults.Scope;
using Platform.ServiceDefaults.Tabular;

namespace Platform.Projects.Apis;

/// <summary>
/// Exchange with the 预算管理一体化 system: CSV/xlsx import of DRAFT projects (all or nothing, a Chinese error per row,
/// progress another tab can poll), and the xlsx export of any filtered list.
/// </summary>
public static partial class ImportExportApi
{
    public const string ImportKind = "projects";
    private const int ProgressEvery = 1000;

    public static RouteGroupBuilder MapImportExportApi(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<IOptions<ProjectsOptions>>().Value;
        var api = app.MapGroup("/api/projects").RequireAuthorization().WithTags("Import and export");
        api.MapGet("/export.xlsx", ExportProjects).RequireAuthorization(ProjectPolicies.List)
            .WithName("ExportProjects").WithSummary("导出项目清单（Excel）")
            .WithDescription("Every project of the filtered list (same filters as the list), in 元.");
        api.MapPost("/imports", ImportProjects).RequireAuthorization(PlatformPolicies.Filer)
            .WithUploadLimit(options.ImportMaxUploadBytes)
            .DisableAntiforgery()
            .Accepts<IFormFile>("multipart/form-data")
            .WithName("ImportProjects").WithSummary("导入项目")
            .WithDescription("Multipart field 'file' (.csv or .xlsx). All rows become DRAFT projects of the caller's organisation, or none do: 200 with the job, 422 with the job and its row errors; 422 file_unreadable; 413 when too large. Header Import-Job-Id (a GUID) lets the client poll GET imports/{id} meanwhile.");
        api.MapImportJobs();
        return api;
    }

    public static async Task<Results<Ok<ImportJobDto>, UnprocessableEntity<ImportJobDto>, ValidationProblem, ProblemHttpResult>> ImportProjects(
        HttpRequest request, Caller caller, ProjectsDb db, ImportJobs jobs, IOptions<ProjectsOptions> options, ILogger<ImportJobs> logger, CancellationToken ct)
    {
        var (jobId, file, errors) = await ImportJobs.ReadUploadAsync(request, ct);
        if (errors.HasErrors)
        {
            return errors.ToValidationProblem();
        }
        if (FilingOrganisation.Of(caller) is not { } filer)
        {
            return ProblemResults.Forbidden("您的账号未关联预算部门或单位，不能导入项目。");
        }
        Guid id;
        try
        {
            id = await jobs.StartAsync(ImportKind, file!.FileName, caller, jobId, ct);
        }
        catch (ImportJobConflictException)
        {
            return ProblemResults.FieldConflict(ImportJobs.JobIdHeader, "duplicate", "该导入任务编号已被使用，请重新生成");
        }

        var rows = new List<ImportedProject>();
        var rowErrors = new List<ImportRowError>();
        try
        {
            await using var stream = file.OpenReadStream();
            var processed = 0;
            await foreach (var row in TabularReader.ReadAsync(stream, file.FileName, ct))
            {
                if (processed == 0)
                {
                    rowErrors.AddRange(ProjectImport.CheckHeader(row));
                    if (rowErrors.Count > 0)
                    {
                        break;
                    }
                }
                if (++processed > options.Value.ImportMaxRows)
                {
                    rowErrors.Add(new ImportRowError(row.RowNumber, "文件", $"第{row.RowNumber}行 文件：一次最多导入{options.Value.ImportMaxRows}行，请拆分后导入"));
                    break;
                }
                if (ProjectImport.Parse(row, rowErrors) is { } project)
                {
                    rows.Add(project);
                }
                if (processed % ProgressEvery == 0)
                {
                    await jobs.ProgressAsync(id, processed, 0, ct);
                }
            }
            if (processed == 0 && rowErrors.Count == 0)
            {
                rowErrors.Add(new ImportRowError(2, "文件", "第2行 文件：没有数据行"));
            }
        }
        catch (TabularFormatException ex)
        {
            await jobs.FailAsync(id, [new ImportRowError(0, "文件", ex.Message)], CancellationToken.None);
            return new FieldErrors().Add("file", TabularFormatException.Code, ex.Message)
                .ToUnprocessable(title: "文件无法读取", detail: ex.Message, code: TabularFormatException.Code);
        }
        if (rowErrors.Count > 0)
        {
            await jobs.FailAsync(id, rowErrors, CancellationToken.None);
            return TypedResults.UnprocessableEntity((await jobs.GetAsync(id, CancellationToken.None))!);
        }

        await jobs.ProgressAsync(id, rows.Count, rows.Count, ct);
        try
        {
            await WriteAsync(db, rows, filer, caller, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogImportFailed(logger, id, ex);
            await jobs.FailAsync(id, [new ImportRowError(0, "文件", "写入数据库时出错，未导入任何项目，请稍后重试")], CancellationToken.None);
            throw;
        }
        await jobs.SucceedAsync(id, rows.Count, CancellationToken.None);
        return TypedResults.Ok((await jobs.GetAsync(id, CancellationToken.None))!);
    }

    /// <summary>
    /// Writes every row as a DRAFT project of the filer's organisation, and its creation audit row, with binary COPY in
    /// one transaction: all of them or none. Codes are handed out per year beforehand (a failed import leaves a gap).
    /// </summary>
    private static async Task WriteAsync(ProjectsDb db, IReadOnlyList<ImportedProject> rows, FilingOrganisation filer, Caller caller, CancellationToken ct)
    {
        var firstSequence = new Dictionary<int, int>();
        foreach (var group in rows.GroupBy(r => r.Year))
        {
            firstSequence[group.Key] = await db.AllocateCodeSequenceAsync(group.Key, filer.RegionCode, group.Count(), ct);
        }
        var next = new Dictionary<int, int>(firstSequence);
        var now = DateTimeOffset.UtcNow;
        var projects = rows.Select(r => (Row: r, Id: Guid.CreateVersion7(), Code: ProjectCode.Format(r.Year, filer.RegionCode, next[r.Year]++))).ToList();

        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async token =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await using (var writer = await connection.BeginBinaryImportAsync("""
                COPY projects (id, code, year, region_code, region_name, department_id, department_name, unit_id, unit_name,
                    name, kind, is_new, funding_source, requested_amount, start_year, end_year, description, contact_name,
                    contact_phone, status, created_by, created_at, updated_at) FROM STDIN (FORMAT BINARY)
                """, token))
            {
                foreach (var (row, id, code) in projects)
                {
                    await writer.StartRowAsync(token);
                    await writer.WriteAsync(id, NpgsqlDbType.Uuid, token);
                    await writer.WriteAsync(code, NpgsqlDbType.Varchar, token);
                    await writer.WriteAsync(row.Year, NpgsqlDbType.Integer, token);
                    await writer.WriteAsync(filer.RegionCode, NpgsqlDbType.Varchar, token);
                    await writer.WriteAsync(filer.RegionName, NpgsqlDbType.Varchar, token);
                    await writer.WriteAsync(filer.DepartmentId, NpgsqlDbType.Varchar, token);
                    await writer.WriteAsync(filer.DepartmentName, NpgsqlDbType.Varchar, token);
                    await writer.WriteNullableAsync(filer.UnitId, NpgsqlDbType.Text, token);
                    await writer.WriteNullableAsync(filer.UnitName, NpgsqlDbType.Text, token);
                    await writer.WriteAsync(row.Name, NpgsqlDbType.Varchar, token);
                    await writer.WriteAsync(row.Kind, NpgsqlDbType.Varchar, token);
                    await writer.WriteAsync(row.IsNew, NpgsqlDbType.Boolean, token);
                    await writer.WriteAsync(row.FundingSource, NpgsqlDbType.Varchar, token);
                    await writer.WriteAsync(row.RequestedAmount, NpgsqlDbType.Numeric, token);
                    await writer.WriteAsync(row.StartYear, NpgsqlDbType.Integer, token);
                    await writer.WriteAsync(row.EndYear, NpgsqlDbType.Integer, token);
                    await writer.WriteNullableAsync(row.Description, NpgsqlDbType.Text, token);
                    await writer.WriteNullableAsync(row.ContactName, NpgsqlDbType.Text, token);
                    await writer.WriteNullableAsync(row.ContactPhone, NpgsqlDbType.Text, token);
                    await writer.WriteAsync(ProjectStates.Draft, NpgsqlDbType.Varchar, token);
                    await writer.WriteAsync(caller.UserId ?? "", NpgsqlDbType.Varchar, token);
                    await writer.WriteAsync(now, NpgsqlDbType.TimestampTz, token);
                    await writer.WriteAsync(now, NpgsqlDbType.TimestampTz, token);
                }
                await writer.CompleteAsync(token);
            }
            await AuditExtensions.CopyCreationsAsync(connection, caller, ProjectTransitions.EntityType, ProjectStates.Draft,
                projects.Select(p => (p.Id.ToString(), $"导入项目“{p.Row.Name}”（{p.Code}，文件第{p.Row.Row}行）")), now, token);
            await transaction.CommitAsync(token);
        }, ct);
    }

    public static async Task<Results<FileStreamHttpResult, ValidationProblem, ProblemHttpResult>> ExportProjects(
        [AsParameters] ProjectFilter filter, string? sort, Caller caller, ProjectsDb db, IOptions<ProjectsOptions> options, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var query = filter.Apply(db.VisibleProjects(caller), errors);
        var sorted = ProjectFilter.Sort(query, sort ?? "code", errors);
        if (errors.HasErrors)
        {
            return errors.ToValidationProblem();
        }
        var max = options.Value.ExportMaxRows;
        if (await query.CountAsync(ct) is var count && count > max)
        {
            return ProjectProblems.Rule("too_many_rows", $"符合条件的项目有{count}个，一次最多导出{max}个，请缩小筛选范围", "filter");
        }
        var projects = await sorted.Select(p => new
        {
            p.Code, p.Year, p.Name, p.Kind, p.IsNew, p.FundingSource, p.RequestedAmount, p.StartYear, p.EndYear,
            p.Description, p.ContactName, p.ContactPhone, p.Status, p.ApprovedAmount,
        }).ToListAsync(ct);
        var buffer = new MemoryStream();
        await XlsxWriter.WriteAsync(buffer, "项目清单", ExportColumns,
            projects.Select(p => (IReadOnlyList<object?>)
            [
                p.Code, p.Year, p.Name, ProjectKinds.DisplayName(p.Kind), p.IsNew ? "新增" : "延续", p.FundingSource, p.RequestedAmount,
                p.StartYear, p.EndYear, p.Description, p.ContactName, p.ContactPhone, ProjectStates.DisplayName(p.Status),
                p.ApprovedAmount, p.ApprovedAmount is { } approved ? ReviewMath.Reduction(p.RequestedAmount, approved) : null,
            ]),
            ct);
        buffer.Position = 0;
        var name = $"项目清单-{DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture)}.xlsx";
        return TypedResults.File(buffer, XlsxWriter.ContentType, name);
    }

    /// <summary>The import's headers plus 项目编号, 状态, 审定金额 and 审减金额: an export imports again.</summary>
    public static readonly IReadOnlyList<XlsxColumn> ExportColumns =
    [
        new("项目编号", 24),
        new(ProjectImport.Year.Header, 8, XlsxFormat.Integer),
        new(ProjectImport.Name.Header, 40),
        new(ProjectImport.Kind.Header, 10),
        new(ProjectImport.IsNew.Header, 10),
        new(ProjectImport.FundingSource.Header, 16),
        new(ProjectImport.RequestedAmount.Header, 18, XlsxFormat.Money),
        new(ProjectImport.StartYear.Header, 10, XlsxFormat.Integer),
        new(ProjectImport.EndYear.Header, 10, XlsxFormat.Integer),
        new(ProjectImport.Description.Header, 40),
        new(ProjectImport.ContactName.Header, 10),
        new(ProjectImport.ContactPhone.Header, 16),
        new("状态", 12),
        new("审定金额(元)", 18, XlsxFormat.Money),
        new("审减金额(元)", 18, XlsxFormat.Money),
    ];

    [LoggerMessage(Level = LogLevel.Error, Message = "Import {JobId} failed while writing")]
    private static partial void LogImportFailed(ILogger logger, Guid jobId, Exception exception);
}
