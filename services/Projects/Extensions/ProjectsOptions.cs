namespace Platform.Projects.Extensions;

/// <summary>Settings of the projects service (section <c>Projects</c>), checked when the service starts.</summary>
public sealed class ProjectsOptions
{
    public const string Section = "Projects";

    /// <summary><c>Projects:Imports:MaxUploadBytes</c>: the largest import file accepted (40 MB); larger is 413.</summary>
    public long ImportMaxUploadBytes { get; set; } = 40L * 1024 * 1024;

    /// <summary><c>Projects:Imports:MaxRows</c>: the most rows one import may hold.</summary>
    public int ImportMaxRows { get; set; } = 100_000;

    /// <summary><c>Projects:Exports:MaxRows</c>: the most rows one xlsx export writes.</summary>
    public int ExportMaxRows { get; set; } = 200_000;

    public IEnumerable<string> Problems()
    {
        if (ImportMaxUploadBytes is < 1024 or > 1024L * 1024 * 1024)
        {
            yield return $"'{Section}:Imports:MaxUploadBytes' must be between 1 KB and 1 GB; it is {ImportMaxUploadBytes}.";
        }
        if (ImportMaxRows is < 1 or > 1_000_000)
        {
            yield return $"'{Section}:Imports:MaxRows' must be between 1 and 1,000,000; it is {ImportMaxRows}.";
        }
        if (ExportMaxRows is < 1 or > 1_000_000)
        {
            yield return $"'{Section}:Exports:MaxRows' must be between 1 and 1,000,000; it is {ExportMaxRows}.";
        }
    }
}
