using System.Text;

namespace Platform.Identity.Seed;

/// <summary>One account as the run command prints it: user name, password, role, organisation, region.</summary>
public sealed record AccountLine(string UserName, string Password, string RoleName, string OrganisationName, string RegionName)
{
    public override string ToString() => string.Join('\t', UserName, Password, RoleName, OrganisationName, RegionName);
}

/// <summary>
/// Writes account lists (tab-separated, one account per line) readable by the owner only (0600): written to a new
/// file and moved over the old one, so a reader never sees half a list and the mode never depends on an old file.
/// </summary>
public static class AccountsFile
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static void Write(string path, IEnumerable<AccountLine> accounts)
    {
        var full = Path.GetFullPath(path);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = $"{full}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }
        try
        {
            using (var writer = new StreamWriter(temporary, new UTF8Encoding(false), options))
            {
                foreach (var account in accounts)
                {
                    writer.Write(account.ToString());
                    writer.Write('\n');
                }
            }
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
