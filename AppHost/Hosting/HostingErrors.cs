namespace Platform.Hosting;

/// <summary>Turns a failure into what an operator should read: one line with cause and fix, never a bare stack trace.</summary>
public static class HostingErrors
{
    /// <summary>Prints the error and returns the process exit code.</summary>
    public static int Report(Exception exception, TextWriter output)
    {
        if (exception is HostingException hosting)
        {
            output.WriteLine($"错误: {hosting.Message}");
            return 1;
        }
        // Unexpected: the details go to a file so the console stays readable.
        var path = Path.Combine(Path.GetTempPath(), $"budget-platform-apphost-error-{DateTime.Now:yyyyMMdd-HHmmss}.log");
        File.WriteAllText(path, exception.ToString());
        output.WriteLine($"错误: AppHost 意外失败 ({exception.GetType().Name}: {exception.Message})；完整信息见 {path}");
        return 2;
    }
}
