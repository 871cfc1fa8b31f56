using Platform.Targets.Apis;
using Platform.Targets.Extensions;
using Platform.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();
var app = builder.Build();
app.MapDefaultEndpoints();
app.MapTargetsApi();
app.Run();
