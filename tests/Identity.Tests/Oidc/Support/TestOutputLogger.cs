using Microsoft.Extensions.Logging;

namespace Platform.Identity.Tests.Oidc.Support;

/// <summary>Service log lines of warning and above into the running test's output, so a failure shows its cause.</summary>
public sealed class TestOutputLoggerProvider : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(categoryName);

    public void Dispose()
    {
    }

    private static readonly Lock Sync = new();

    private sealed class Logger(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }
            var line = $"[{logLevel}] {category}: {formatter(state, exception)}{(exception is null ? "" : Environment.NewLine + exception)}";
            TestContext.Current.TestOutputHelper?.WriteLine(line);
            // Set OIDC_TEST_LOG to a file to keep the service's log across a whole run.
            if (Environment.GetEnvironmentVariable("OIDC_TEST_LOG") is { Length: > 0 } file)
            {
                lock (Sync)
                {
                    File.AppendAllText(file, line + Environment.NewLine);
                }
            }
        }
    }
}
