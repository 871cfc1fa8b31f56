using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults.Data;

namespace Platform.Targets.Infrastructure;

/// <summary>
/// The targets service's database (targetsdb), schema from <c>Infrastructure/Migrations</c>. Targets (绩效目标): target sets, the indicator tree and library, review, approval and publication.
/// </summary>
public sealed class TargetsDb(DbContextOptions<TargetsDb> options) : ServiceDbContext(options);
