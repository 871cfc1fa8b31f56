namespace Platform.Hosting.Processes;

/// <summary>Memory use read from /proc: the RSS of a whole process group (a PostgreSQL server is many processes).</summary>
public static class ProcessInfo
{
    private static readonly long PageSize = Environment.SystemPageSize;

    /// <summary>Resident memory in bytes of a process and all its descendants.</summary>
    public static long TreeResidentBytes(int pid) => TreeResidentBytes([pid]).GetValueOrDefault(pid);

    /// <summary>
    /// Resident memory of each root process plus its descendants, from one pass over /proc. By parentage, not by
    /// process group: PostgreSQL's backends start sessions of their own.
    /// </summary>
    public static Dictionary<int, long> TreeResidentBytes(IEnumerable<int> roots)
    {
        var parents = new Dictionary<int, int>();
        if (Directory.Exists("/proc"))
        {
            foreach (var folder in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(folder), out var pid))
                {
                    continue;
                }
                try
                {
                    var stat = File.ReadAllText(Path.Combine(folder, "stat"));
                    // Fields after the parenthesised command name: state ppid pgrp …
                    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    parents[pid] = int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
                {
                    // The process ended while we looked.
                }
            }
        }
        var totals = roots.Distinct().ToDictionary(root => root, _ => 0L);
        foreach (var pid in parents.Keys)
        {
            // Walk up to the first root (if any) this process descends from.
            for (var current = pid; current > 1; current = parents.GetValueOrDefault(current))
            {
                if (totals.ContainsKey(current))
                {
                    totals[current] += ResidentBytes(pid);
                    break;
                }
            }
        }
        return totals;
    }

    public static long ResidentBytes(int pid)
    {
        try
        {
            var statm = File.ReadAllText($"/proc/{pid}/statm").Split(' ');
            return long.Parse(statm[1], System.Globalization.CultureInfo.InvariantCulture) * PageSize;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 0;
        }
    }
}
