using Portal.Collector;
using Portal.Data;

var builder = Host.CreateApplicationBuilder(args);
builder.AddPortalData();
builder.AddHypervisors();
builder.AddCollector();

var host = builder.Build();
await host.Services.MigratePortalDatabaseAsync();
await host.RunAsync();
