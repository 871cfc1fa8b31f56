namespace Platform.Hosting;

/// <summary>
/// A resource graph declared in one static method, so the AppHost's Program.cs and the test harness start exactly the
/// same graph (the role of Aspire's <c>Projects.AppHost</c> entry point in <c>DistributedApplicationTestingBuilder.CreateAsync&lt;T&gt;</c>).
/// </summary>
public interface IDistributedApplicationGraph
{
    static abstract void Declare(DistributedApplicationBuilder builder);
}
