using Platform.Projects.Apis;
using Platform.Projects.Extensions;
using Platform.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();
var app = builder.Build();
app.MapDefaultEndpoints();
app.MapProjectsApi();
app.MapExAnteApi();
app.MapRulesApi();
app.MapReviewApi();
app.MapReportsApi();
app.MapAdmissionApi();
app.MapImportExportApi();
app.Run();
