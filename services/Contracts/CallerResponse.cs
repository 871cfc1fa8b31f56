namespace Platform.Contracts;

/// <summary>
/// Which service and replica answered, for whom, and for which audience its token was: lets platform tests prove
/// routing, authentication and load balancing end to end.
/// </summary>
public sealed record CallerResponse(string Service, string Instance, string Subject, string? Name, string Audience);
