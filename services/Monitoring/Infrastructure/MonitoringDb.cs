using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults.Data;

namespace Platform.Monitoring.Infrastructure;

/// <summary>
/// The monitoring service's database (monitoringdb), schema from <c>Infrastructure/Migrations</c>. Monitoring (绩效运行监控): rounds, tasks, the double-monitoring lights and corrective decisions.
/// </summary>
public sealed class MonitoringDb(DbContextOptions<MonitoringDb> options) : ServiceDbContext(options);
