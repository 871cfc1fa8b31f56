using Platform.ServiceDefaults;
using Platform.Targets.Apis;
using Platform.Targets.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();
var app = builder.Build();
app.MapDefaultEndpoints();
app.MapTargetsApi();
app.MapTargetSetsApi();
app.MapTargetReviewApi();
app.MapLibraryApi();
app.MapTemplatesApi();
app.MapKeyPackageApi();
app.MapPublicTargetsApi();
app.MapTargetImportsApi();
app.Run();
