using System.Globalization;
using System.Text;

namespace Portal.Bench;

/// <summary>
/// A benchmark's report: every line on the console as it comes and in a Markdown file under bench/results at the end,
/// headed by the machine and the command that made it (so that it can be run again).
/// </summary>
internal sealed class BenchReport
{
    private readonly StringBuilder _text = new();

    public static BenchReport Start(string title, string[] args)
    {
        var report = new BenchReport();
        report.Say(title);
        report.Say("");
        report.Say($"Machine: {Environment.ProcessorCount} cores, {Machine.CpuModel()}, {Machine.MemoryGiB():0} GiB, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd}.");
        report.Say($"Command: `dotnet run -c Release --project bench/Portal.Bench -- {string.Join(' ', args)}`");
        report.Say("");
        return report;
    }

    public void Say(string line)
    {
        Console.WriteLine(line);
        _text.AppendLine(line);
    }

    /// <summary>The spread of a fixed CPU loop before and after: how steady the machine was meanwhile.</summary>
    public void SayNoise((double MedianMs, double SpreadPercent) before, (double MedianMs, double SpreadPercent) after) =>
        Say(string.Create(CultureInfo.InvariantCulture,
            $"Machine noise: a fixed CPU loop took {before.MedianMs:0.0} ms (p10-p90 spread {before.SpreadPercent:0}%) before and {after.MedianMs:0.0} ms (spread {after.SpreadPercent:0}%) after."));

    /// <summary>Writes bench/results/<paramref name="name"/>.md.</summary>
    public async Task WriteAsync(string name)
    {
        var results = Path.Combine(Options.RepositoryRoot(), "bench", "results");
        Directory.CreateDirectory(results);
        var file = Path.Combine(results, name + ".md");
        await File.WriteAllTextAsync(file, _text.ToString());
        Console.WriteLine($"Written to {file}");
    }
}
