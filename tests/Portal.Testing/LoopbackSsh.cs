using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Portal.Testing;

/// <summary>
/// The local libvirtd as a remote host: <c>qemu+ssh://root@127.0.0.1:PORT/system</c> through the sshd that
/// scripts/start-sshd.sh runs on a loopback port with a key of its own. ./test.sh starts it and exports
/// <see cref="Variable"/>; a test run by hand starts it the same way. Either way, a host that cannot be reached over
/// ssh is a failure, never a skipped test.
/// </summary>
public static partial class LoopbackSsh
{
    public const string Variable = "PORTAL_TEST_SSH_URI";

    private static readonly Lazy<string> Resolved = new(Resolve, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The qemu+ssh URI of the local libvirtd.</summary>
    public static string Uri => Resolved.Value;

    [GeneratedRegex("^export " + Variable + "='(?<uri>[^']+)'$", RegexOptions.Multiline)]
    private static partial Regex ExportLine();

    private static string Resolve()
    {
        var uri = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrEmpty(uri)) return uri;

        var script = FindScript() ?? throw new InvalidOperationException(
            $"{Variable} is not set and scripts/start-sshd.sh was not found above {AppContext.BaseDirectory}: run the tests with ./test.sh.");
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var match = ExportLine().Match(output);
        if (process.ExitCode != 0 || !match.Success)
            throw new InvalidOperationException($"{Variable} is not set, and {script} could not start sshd (exit {process.ExitCode}): {error.Result.Trim()}");
        return match.Groups["uri"].Value;
    }

    private static string? FindScript()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var script = Path.Combine(directory.FullName, "scripts", "start-sshd.sh");
            if (File.Exists(script)) return script;
        }
        return null;
    }
}
