using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Platform.ServiceDefaults.Migrations;

/// <summary>
/// One versioned SQL script, <c>V###__name.sql</c>, embedded in a service assembly under
/// <c>Infrastructure/Migrations/</c>. Once applied it is history: changing it is an error; changes go in a new version.
/// </summary>
public sealed partial record MigrationScript
{
    private MigrationScript(int version, string name, string sql)
    {
        Version = version;
        Name = name;
        Sql = sql;
        Checksum = ComputeChecksum(sql);
    }

    public int Version { get; }

    public string Name { get; }

    public string Sql { get; }

    /// <summary>SHA-256 of the script with line endings normalised, lower-case hex.</summary>
    public string Checksum { get; }

    /// <summary>The file name without extension, e.g. <c>V001__create_projects_core</c>.</summary>
    public string Id => $"V{Version:D3}__{Name}";

    public override string ToString() => Id;

    /// <summary>A script from its file name (<c>V001__create_x.sql</c> or without the extension) and text.</summary>
    public static MigrationScript Create(string fileName, string sql)
    {
        var match = FileNamePattern().Match(Path.GetFileName(fileName));
        if (!match.Success)
        {
            throw new MigrationException($"'{fileName}' is not a migration script name; expected V<number>__<name>.sql, e.g. V001__create_projects_core.sql.");
        }
        return new MigrationScript(int.Parse(match.Groups["version"].Value, System.Globalization.CultureInfo.InvariantCulture), match.Groups["name"].Value, sql);
    }

    /// <summary>
    /// The scripts embedded in <paramref name="assembly"/> under a <c>Migrations</c> folder, ordered by version;
    /// two scripts with one version are an error.
    /// </summary>
    public static IReadOnlyList<MigrationScript> FromAssembly(Assembly assembly)
    {
        var scripts = new List<MigrationScript>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var match = ResourcePattern().Match(resource);
            if (!match.Success)
            {
                continue;
            }
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            scripts.Add(Create(match.Groups["file"].Value, reader.ReadToEnd()));
        }
        return Ordered(scripts);
    }

    /// <summary>
    /// A service's whole history: the shared V001 embedded in ServiceDefaults (the tables every service has), then the
    /// scripts embedded in <paramref name="serviceAssembly"/>, which start at V002; a clash of versions is an error.
    /// </summary>
    public static IReadOnlyList<MigrationScript> ForService(Assembly serviceAssembly) =>
        Ordered(FromAssembly(typeof(MigrationScript).Assembly).Concat(FromAssembly(serviceAssembly)));

    /// <summary>Orders by version and rejects duplicates.</summary>
    public static IReadOnlyList<MigrationScript> Ordered(IEnumerable<MigrationScript> scripts)
    {
        var ordered = scripts.OrderBy(s => s.Version).ToList();
        var duplicate = ordered.GroupBy(s => s.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new MigrationException(
                $"Migration scripts {string.Join(" and ", duplicate.Select(s => s.Id))} share version {duplicate.Key}; give each script its own version.");
        }
        return ordered;
    }

    private static string ComputeChecksum(string sql)
    {
        // Git may check a script out with CRLF on one machine and LF on another; that is not a change.
        var normalised = sql.TrimStart('\uFEFF').ReplaceLineEndings("\n");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalised)));
    }

    [GeneratedRegex(@"^V(?<version>\d+)__(?<name>[A-Za-z0-9_]+?)(\.sql)?$")]
    private static partial Regex FileNamePattern();

    [GeneratedRegex(@"(^|[./\\])Migrations[./\\](?<file>V\d+__[A-Za-z0-9_]+\.sql)$")]
    private static partial Regex ResourcePattern();
}
