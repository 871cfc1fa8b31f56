using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Platform.Contracts.Common;
using Platform.ServiceDefaults.Scope;
using Platform.ServiceDefaults.Tabular;

namespace Platform.ServiceDefaults.Imports;

public static class ImportJobsExtensions
{
    /// <summary>Registers <see cref="ImportJobs"/> (scoped) over the service's data source (<c>AddNpgsqlDbContext</c>).</summary>
    public static IHostApplicationBuilder AddImportJobs(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddScoped<ImportJobs>();
        return builder;
    }

    /// <summary>
    /// Maps <c>GET {group}/imports/{id}</c> (the job's progress and errors) and <c>GET {group}/imports/{id}/errors.xlsx</c>
    /// (the error report), for any signed-in caller who started the job or whose region covers it; others get 404.
    /// </summary>
    public static RouteGroupBuilder MapImportJobs(this IEndpointRouteBuilder group)
    {
        var imports = group.MapGroup("imports").RequireAuthorization().WithTags("Imports");
        imports.MapGet("{id:guid}", GetImportJob)
            .WithName("GetImportJob")
            .WithSummary("导入任务进度");
        imports.MapGet("{id:guid}/errors.xlsx", GetImportErrors)
            .WithName("GetImportJobErrors")
            .WithSummary("导入错误报告（Excel）");
        return imports;
    }

    public static async Task<Results<Ok<ImportJobDto>, NotFound>> GetImportJob(Guid id, ImportJobs jobs, Caller caller, CancellationToken ct)
    {
        var job = await jobs.FindAsync(id, ct);
        return job is not null && ImportJobs.IsVisibleTo(job, caller) ? TypedResults.Ok(job.Dto) : TypedResults.NotFound();
    }

    public static async Task<Results<FileStreamHttpResult, NotFound>> GetImportErrors(Guid id, ImportJobs jobs, Caller caller, CancellationToken ct)
    {
        var job = await jobs.FindAsync(id, ct);
        if (job is null || !ImportJobs.IsVisibleTo(job, caller))
        {
            return TypedResults.NotFound();
        }
        var buffer = new MemoryStream();
        await XlsxWriter.WriteAsync(buffer, "错误报告",
            [new XlsxColumn("行号", 8, XlsxFormat.Integer), new XlsxColumn("字段", 20), new XlsxColumn("错误说明", 80)],
            job.Dto.Errors.Select(e => (IReadOnlyList<object?>)[e.Row, e.Field, e.Message]),
            ct);
        buffer.Position = 0;
        return TypedResults.File(buffer, XlsxWriter.ContentType, $"导入错误报告-{Path.GetFileNameWithoutExtension(job.Dto.FileName)}.xlsx");
    }
}
