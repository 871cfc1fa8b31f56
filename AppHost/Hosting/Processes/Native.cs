using System.Runtime.InteropServices;

namespace Platform.Hosting.Processes;

/// <summary>The few POSIX calls .NET does not expose: signalling process groups and asking who we run as.</summary>
internal static partial class Native
{
    public const int SigInt = 2;
    public const int SigKill = 9;
    public const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();

    [LibraryImport("libc", EntryPoint = "chown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int ChangeOwner(string path, uint uid, uint gid);

    [LibraryImport("libc", EntryPoint = "getpwnam", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr GetPasswordEntry(string name);

    public static bool IsRoot => OperatingSystem.IsLinux() && GetEffectiveUserId() == 0;

    /// <summary>Sends a signal to one process; false when it no longer exists.</summary>
    public static bool Signal(int pid, int signal) => pid > 0 && Kill(pid, signal) == 0;

    /// <summary>Sends a signal to every process of a group (children started with setsid lead their own group).</summary>
    public static bool SignalGroup(int processGroupId, int signal) => processGroupId > 0 && Kill(-processGroupId, signal) == 0;

    public static bool IsAlive(int pid) => pid > 0 && (Kill(pid, 0) == 0 || Marshal.GetLastPInvokeError() == 1 /* EPERM: exists, not ours */);

    public static bool GroupIsAlive(int processGroupId) => processGroupId > 0 && Kill(-processGroupId, 0) == 0;

    /// <summary>Uid and gid of a system user, or null when there is no such user.</summary>
    public static (uint Uid, uint Gid)? LookupUser(string name)
    {
        var entry = GetPasswordEntry(name);
        if (entry == IntPtr.Zero)
        {
            return null;
        }
        // struct passwd { char* pw_name; char* pw_passwd; uid_t pw_uid; gid_t pw_gid; ... } on glibc.
        var offset = 2 * IntPtr.Size;
        return ((uint)Marshal.ReadInt32(entry, offset), (uint)Marshal.ReadInt32(entry, offset + 4));
    }

    public static void Chown(string path, uint uid, uint gid)
    {
        if (ChangeOwner(path, uid, gid) != 0)
        {
            throw new IOException($"chown {path} failed (errno {Marshal.GetLastPInvokeError()})");
        }
    }
}
