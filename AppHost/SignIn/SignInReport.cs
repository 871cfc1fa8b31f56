namespace Platform.AppHost.SignIn;

/// <summary>
/// What the run prints once everything is ready so that someone can sign in: in demo mode the demo accounts identity
/// listed; outside demo mode the bootstrap administrator's one-time password, printed once and then deleted. Both files
/// hold one account per line, fields separated by tabs (user name, password, role, organisation, region). Then the
/// portal's address.
/// </summary>
public sealed class SignInReport(string dataDirectory, bool demo)
{
    private static readonly string[] Columns = ["用户名", "密码", "角色", "机构", "区划"];

    public string AccountsFile { get; } = Path.Combine(dataDirectory, PlatformGraph.DemoAccountsFileName);

    public string BootstrapFile { get; } = Path.Combine(dataDirectory, PlatformGraph.BootstrapPasswordFileName);

    public void Print(Action<string> print, string? portalUrl)
    {
        if (demo)
        {
            PrintDemoAccounts(print);
        }
        else
        {
            PrintBootstrapAdministrator(print);
        }
        if (portalUrl is not null)
        {
            print($"门户登录地址: {portalUrl.TrimEnd('/')}/");
        }
    }

    private void PrintDemoAccounts(Action<string> print)
    {
        var lines = ReadLines(AccountsFile);
        if (lines is null || lines.Count == 0)
        {
            print($"演示账号清单 {AccountsFile} 不存在或为空：identity 尚未写出演示账号 (请在仪表板上查看 identity 的日志)");
            return;
        }
        var rows = Rows(lines);
        print($"演示账号 (演示数据，共 {rows.Count} 个；仅供本机试用，--no-demo 关闭演示模式)：");
        PrintTable(print, rows);
    }

    private void PrintBootstrapAdministrator(Action<string> print)
    {
        // Absent after the first run: the administrator exists and its one-time password was shown then.
        var lines = ReadLines(BootstrapFile);
        if (lines is null)
        {
            return;
        }
        print("初始管理员 (一次性密码，只显示这一次，首次登录时须修改；请现在记下)：");
        PrintTable(print, Rows(lines));
        try
        {
            File.Delete(BootstrapFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            print($"无法删除 {BootstrapFile} ({e.Message})：请手动删除它");
        }
    }

    /// <summary>Tab-separated fields of each line; a heading line identity may have written is dropped (ours is printed).</summary>
    private static List<IReadOnlyList<string>> Rows(List<string> lines)
    {
        var rows = lines.Select(l => (IReadOnlyList<string>)l.Split('\t', StringSplitOptions.TrimEntries)).ToList();
        if (rows is [[var first, ..], ..] && (first == Columns[0] || first.Equals("username", StringComparison.OrdinalIgnoreCase)))
        {
            rows.RemoveAt(0);
        }
        return rows;
    }

    /// <summary>Accounts under our heading, aligned; lines that are not tab-separated fields are printed as they are.</summary>
    private static void PrintTable(Action<string> print, List<IReadOnlyList<string>> rows)
    {
        var tabular = rows.Any(r => r.Count > 1);
        foreach (var line in tabular ? ConsoleTable.Format([Columns, .. rows]) : rows.Select(r => r[0]))
        {
            print("  " + line);
        }
    }

    private static List<string>? ReadLines(string path)
    {
        try
        {
            return [.. File.ReadAllLines(path).Where(l => !string.IsNullOrWhiteSpace(l))];
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }
}
