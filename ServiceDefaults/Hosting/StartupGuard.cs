namespace Platform.ServiceDefaults.Hosting;

/// <summary>
/// Turns a <see cref="StartupRefusedException"/> escaping a service's <c>Main</c> into one line on stderr and exit
/// code 1, instead of the runtime's stack trace. Hosts running the service in-process (tests) never see this: the
/// exception reaches them as an ordinary exception.
/// </summary>
internal static class StartupGuard
{
    private static int _installed;

    public static void Install()
    {
        if (Interlocked.Exchange(ref _installed, 1) == 1)
        {
            return;
        }
        AppDomain.CurrentDomain.UnhandledException += static (_, e) =>
        {
            if (Find(e.ExceptionObject as Exception) is { } refused)
            {
                Exit(refused.Message, 1);
            }
        };
    }

    /// <summary>Writes one line and ends the process; only for code that knows it runs as the service process.</summary>
    public static void Exit(string message, int exitCode)
    {
        var writer = exitCode == 0 ? Console.Out : Console.Error;
        writer.WriteLine(message.ReplaceLineEndings(" "));
        writer.Flush();
        Environment.Exit(exitCode);
    }

    private static StartupRefusedException? Find(Exception? exception) => exception switch
    {
        StartupRefusedException refused => refused,
        AggregateException { InnerExceptions.Count: 1 } aggregate => Find(aggregate.InnerExceptions[0]),
        { InnerException: { } inner } => Find(inner),
        _ => null,
    };
}
