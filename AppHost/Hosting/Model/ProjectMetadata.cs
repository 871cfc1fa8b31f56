using System.Reflection;

namespace Platform.Hosting;

/// <summary>
/// Where a .NET project's built dll is: the role Aspire's generated <c>Projects.*</c> classes play. The path comes
/// from assembly metadata written at build time by <c>Platform.Hosting.ProjectMetadata.targets</c>, never from a
/// hard-coded location.
/// </summary>
public sealed record ProjectMetadata(string ProjectName, string? AssemblyPath)
{
    public const string MetadataPrefix = "PlatformProject:";

    /// <summary>The project named <paramref name="projectName"/> (its .csproj file name) as referenced by <paramref name="assembly"/>.</summary>
    public static ProjectMetadata FromAssembly(Assembly assembly, string projectName)
    {
        var path = assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == MetadataPrefix + projectName)?.Value;
        return new ProjectMetadata(projectName, string.IsNullOrEmpty(path) ? null : path);
    }

    /// <summary>Every project <paramref name="assembly"/> was built with metadata for.</summary>
    public static IReadOnlyList<ProjectMetadata> AllFromAssembly(Assembly assembly) =>
        assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Where(a => a.Key.StartsWith(MetadataPrefix, StringComparison.Ordinal))
            .Select(a => new ProjectMetadata(a.Key[MetadataPrefix.Length..], a.Value))
            .ToList();

    /// <summary>The dll, or a one-line explanation of how to get it.</summary>
    public string RequireAssemblyPath()
    {
        if (AssemblyPath is null)
        {
            throw new HostingException($"AppHost 没有引用项目 {ProjectName}：请在 AppHost.csproj 中添加该项目引用后重新构建");
        }
        if (!File.Exists(AssemblyPath))
        {
            throw new HostingException($"未找到 {ProjectName} 的程序集 {AssemblyPath}：请先构建，运行 dotnet build");
        }
        return AssemblyPath;
    }
}
