using Portal.Collector;
using Portal.Data;
using Portal.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);

builder.AddPortalData();
builder.AddPortalIdentity();
builder.AddPortalFrontDoor();
builder.AddHypervisors();
builder.AddCollector();
builder.AddPortalWeb();

var app = builder.Build();

if (StartupChecks.ConfigurationProblem(app.Services) is { } problem)
{
    await Console.Error.WriteLineAsync(problem);
    Environment.ExitCode = 2;
    return;
}

if (AdminCommand.IsRequested(args))
{
    Environment.ExitCode = await AdminCommand.RunAsync(app.Services, args);
    return;
}

await app.Services.InitializePortalAsync();

app.UsePortalWeb();
app.MapPortal();

app.Run();

public partial class Program;
