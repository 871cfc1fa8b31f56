using Microsoft.EntityFrameworkCore;
using Platform.Projects.Model;
using Platform.ServiceDefaults.Data;

namespace Platform.Projects.Infrastructure;

/// <summary>
/// The projects service's database (projectsdb), schema from <c>Infrastructure/Migrations</c>: projects (项目库), their
/// ex-ante assessments, per-region rules, review batches and items, and result applications. Every table is region
/// scoped.
/// </summary>
public sealed class ProjectsDb(DbContextOptions<ProjectsDb> options) : ServiceDbContext(options)
{
    public DbSet<Project> Projects => Set<Project>();

    public DbSet<ExAnteAssessment> ExAnteAssessments => Set<ExAnteAssessment>();

    public DbSet<ExAnteScore> ExAnteScores => Set<ExAnteScore>();

    public DbSet<ProjectRules> Rules => Set<ProjectRules>();

    public DbSet<ReviewBatch> ReviewBatches => Set<ReviewBatch>();

    public DbSet<ReviewItem> ReviewItems => Set<ReviewItem>();

    public DbSet<ResultApplication> ResultApplications => Set<ResultApplication>();
}
