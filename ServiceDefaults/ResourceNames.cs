namespace Platform.ServiceDefaults;

/// <summary>
/// Resource names of the platform's graph. The AppHost declares resources by these names, services read
/// <c>ConnectionStrings:&lt;name&gt;</c> and <c>services:&lt;name&gt;:http:0</c> by them, and the tests ask the harness for them.
/// </summary>
public static class ResourceNames
{
    public const string Postgres = "postgres";
    public const string Redis = "redis";

    public const string Identity = "identity";
    public const string Projects = "projects";
    public const string Targets = "targets";
    public const string Monitoring = "monitoring";
    public const string Evaluation = "evaluation";
    public const string Vendors = "vendors";
    public const string Gateway = "gateway";

    public const string IdentityDb = "identitydb";
    public const string ProjectsDb = "projectsdb";
    public const string TargetsDb = "targetsdb";
    public const string MonitoringDb = "monitoringdb";
    public const string EvaluationDb = "evaluationdb";
    public const string VendorsDb = "vendorsdb";

    /// <summary>Each domain service with the database it owns, in start order.</summary>
    public static readonly IReadOnlyList<(string Service, string Database)> Services =
    [
        (Identity, IdentityDb),
        (Projects, ProjectsDb),
        (Targets, TargetsDb),
        (Monitoring, MonitoringDb),
        (Evaluation, EvaluationDb),
        (Vendors, VendorsDb),
    ];
}
