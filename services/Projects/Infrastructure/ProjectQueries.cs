using Microsoft.EntityFrameworkCore;
using Platform.Projects.Model;
using Platform.ServiceDefaults.Scope;

namespace Platform.Projects.Infrastructure;

/// <summary>The projects a caller may see: the region filter (shared) narrowed by department or unit for filers.</summary>
public static class ProjectQueries
{
    public static IQueryable<Project> VisibleProjects(this ProjectsDb db, Caller caller, bool tracking = false)
    {
        var query = tracking ? db.Projects : db.Projects.AsNoTracking();
        var audience = ProjectAudience.Of(caller);
        var organisation = audience.OrganisationId;
        return audience.Reach switch
        {
            ProjectReach.Region => query,
            ProjectReach.Department => query.Where(p => p.DepartmentId == organisation),
            ProjectReach.Unit => query.Where(p => p.UnitId == organisation),
            ProjectReach.ExAnte => query.Where(p => p.ExAnteRequired),
            _ => query.Where(p => false),
        };
    }

    /// <summary>The project, tracked, when the caller may see it; null otherwise (a foreign project is simply not found).</summary>
    public static Task<Project?> FindVisibleAsync(this ProjectsDb db, Guid id, Caller caller, CancellationToken ct) =>
        db.VisibleProjects(caller, tracking: true).FirstOrDefaultAsync(p => p.Id == id, ct);

    /// <summary>
    /// Hands out <paramref name="count"/> consecutive sequence numbers for project codes of (<paramref name="year"/>,
    /// <paramref name="regionCode"/>) and returns the first. One atomic upsert, committed on its own: numbers of a
    /// failed save are skipped (a gap), never handed out twice.
    /// </summary>
    public static async Task<int> AllocateCodeSequenceAsync(this ProjectsDb db, int year, string regionCode, int count, CancellationToken ct)
    {
        var last = await db.Database.SqlQuery<int>($"""
            INSERT INTO project_code_counters (year, region_code, last_value) VALUES ({year}, {regionCode}, {count})
            ON CONFLICT (year, region_code) DO UPDATE SET last_value = project_code_counters.last_value + {count}
            RETURNING last_value AS "Value"
            """).ToListAsync(ct);
        return last[0] - count + 1;
    }
}
