using Platform.Hosting;
using Platform.Hosting.Data;

namespace Platform.AppHost.Tests;

public sealed class DataDirectoryTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"apphost-data-{Guid.NewGuid():N}");

    [Fact]
    public void A_folder_of_another_layout_version_is_refused_with_the_fix()
    {
        Directory.CreateDirectory(_path);
        File.WriteAllText(Path.Combine(_path, DataDirectory.MarkerFileName), "99\n");

        var error = Assert.Throws<HostingException>(() => DataDirectory.Open(_path));

        Assert.Contains("另一个版本", error.Message);
        Assert.Contains("PLATFORM_DATA_DIR", error.Message);
    }

    [Fact]
    public void A_non_empty_foreign_folder_is_refused()
    {
        Directory.CreateDirectory(_path);
        File.WriteAllText(Path.Combine(_path, "notes.txt"), "mine");
        Assert.Throws<HostingException>(() => DataDirectory.Open(_path));
    }

    [Fact]
    public void A_second_AppHost_on_the_same_folder_is_refused()
    {
        using var first = DataDirectory.Open(_path);
        var error = Assert.Throws<HostingException>(() => DataDirectory.Open(_path));
        Assert.Contains("另一个 AppHost", error.Message);
    }

    [Fact]
    public void Secrets_are_owner_only_and_reused_by_the_next_run()
    {
        string first;
        using (var data = DataDirectory.Open(_path))
        {
            first = data.Secrets.GetOrCreate("postgres-password");
        }
        using var again = DataDirectory.Open(_path);

        Assert.Equal(first, again.Secrets.GetOrCreate("postgres-password"));
        Assert.Equal(UnixFiles.OwnerOnly, UnixFiles.GetMode(Path.Combine(_path, "secrets.json")));
    }

    public void Dispose()
    {
        if (Directory.Exists(_path))
        {
            Directory.Delete(_path, recursive: true);
        }
    }
}
