using Platform.Hosting;

namespace Platform.AppHost.Tests;

internal static class TestSupport
{
    /// <summary>The stand-in service built with these tests (path from build metadata).</summary>
    public static ProjectMetadata Fixture => ProjectMetadata.FromAssembly(typeof(TestSupport).Assembly, "Fixture.Service");

    public static CancellationToken Timeout(TimeSpan after)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        source.CancelAfter(after);
        return source.Token;
    }

    /// <summary>Alive and not a zombie.</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Every descendant of <paramref name="pid"/> (PostgreSQL's backends, for instance), by parentage.</summary>
    public static IReadOnlyList<int> Descendants(int pid)
    {
        var parents = new Dictionary<int, int>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(folder), out var p))
            {
                try
                {
                    var stat = File.ReadAllText($"/proc/{p}/stat");
                    parents[p] = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
                }
                catch (IOException)
                {
                    // Gone already.
                }
            }
        }
        bool DescendsFrom(int candidate)
        {
            for (var current = parents.GetValueOrDefault(candidate); current > 1; current = parents.GetValueOrDefault(current))
            {
                if (current == pid)
                {
                    return true;
                }
            }
            return false;
        }
        return parents.Keys.Where(DescendsFrom).ToList();
    }
}
