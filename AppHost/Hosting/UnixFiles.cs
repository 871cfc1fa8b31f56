namespace Platform.Hosting;

/// <summary>File modes for secrets and server folders; a no-op where POSIX modes do not exist.</summary>
public static class UnixFiles
{
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    public const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode Traversable = OwnerOnlyDirectory | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    public static void SetMode(string path, UnixFileMode mode)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, mode);
        }
    }

    public static UnixFileMode GetMode(string path) =>
        OperatingSystem.IsWindows() ? OwnerOnlyDirectory : File.GetUnixFileMode(path);
}
