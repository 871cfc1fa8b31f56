namespace Platform.ServiceDefaults.Migrations;

/// <summary>A migration could not run or was refused; the message is one line naming the script and the fix.</summary>
public sealed class MigrationException(string message, Exception? innerException = null) : Exception(message, innerException);
