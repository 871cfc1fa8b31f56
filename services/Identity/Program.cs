using Platform.Identity.Apis;
using Platform.Identity.Extensions;
using Platform.Identity.Oidc;
using Platform.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();
var app = builder.Build();
app.MapDefaultEndpoints();
app.MapIdentityApi();
app.MapOidcProvider();
app.Run();

/// <summary>Visible to WebApplicationFactory in the identity tests.</summary>
public partial class Program;
