using Platform.Monitoring.Apis;
using Platform.Monitoring.Extensions;
using Platform.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();
var app = builder.Build();
app.MapDefaultEndpoints();
app.MapMonitoringApi();
app.Run();
