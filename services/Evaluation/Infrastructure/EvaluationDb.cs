using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults.Data;

namespace Platform.Evaluation.Infrastructure;

/// <summary>
/// The evaluation service's database (evaluationdb), schema from <c>Infrastructure/Migrations</c>. Evaluation (绩效评价): self-evaluation, department and key evaluations, rectification and ranking.
/// </summary>
public sealed class EvaluationDb(DbContextOptions<EvaluationDb> options) : ServiceDbContext(options);
