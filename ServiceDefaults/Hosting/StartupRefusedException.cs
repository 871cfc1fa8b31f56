namespace Platform.ServiceDefaults.Hosting;

/// <summary>
/// A service cannot start and the operator can fix it (a missing setting, pending migrations). Its message is one
/// line naming the cause and the fix; a service process prints just that line and exits with code 1.
/// </summary>
public sealed class StartupRefusedException(string message, Exception? innerException = null)
    : Exception(message, innerException);
