namespace Platform.Testing;

/// <summary>Folders for tests that must outlive one graph (e.g. a data folder reused by a second run); deleted at process exit.</summary>
public static class TestFolder
{
    /// <summary>A new, unique folder the postgres user can traverse.</summary>
    public static string Create(string name) => TestServers.NewFolder(name);
}
