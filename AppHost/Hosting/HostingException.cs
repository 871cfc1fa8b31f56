namespace Platform.Hosting;

/// <summary>
/// A failure an operator can fix: the message is one line (Chinese) that names the cause and the fix, so the AppHost
/// prints it instead of a stack trace.
/// </summary>
public class HostingException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A system tool the platform needs is not installed.</summary>
public sealed class PrerequisiteMissingException(string tool, string aptPackage)
    : HostingException($"未找到 {tool}：请先安装，运行 sudo apt-get install -y {aptPackage}")
{
    public string Tool { get; } = tool;

    public string AptPackage { get; } = aptPackage;
}
