using Platform.Evaluation.Infrastructure;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Redis;

namespace Platform.Evaluation.Extensions;

public static class Extensions
{
    /// <summary>The one place the evaluation service is wired: its database (evaluationdb) and the shared Redis.</summary>
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDbContext<EvaluationDb>(ResourceNames.EvaluationDb);
        builder.AddRedisClient(ResourceNames.Redis);
        return builder;
    }
}
