using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults.Data;

namespace Platform.Projects.Infrastructure;

/// <summary>
/// The projects service's database (projectsdb), schema from <c>Infrastructure/Migrations</c>. Projects (项目库): project intake, 事前绩效评估, joint budget review and the admission gate.
/// </summary>
public sealed class ProjectsDb(DbContextOptions<ProjectsDb> options) : ServiceDbContext(options);
