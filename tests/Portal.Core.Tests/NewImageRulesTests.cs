using Portal.Core.Hypervisor;
using Portal.Core.Ops;

namespace Portal.Core.Tests;

public class NewImageRulesTests
{
    [Theory]
    [InlineData("data-01", DiskFormat.Qcow2, "data-01.qcow2")]
    [InlineData("data-01.qcow2", DiskFormat.Qcow2, "data-01.qcow2")]
    [InlineData("data-01", DiskFormat.Raw, "data-01.raw")]
    [InlineData("backup.RAW", DiskFormat.Raw, "backup.RAW")]
    public void The_format_extension_is_added_when_missing(string name, DiskFormat format, string expected) =>
        Assert.Equal(expected, NewImageRules.FileName(name, format));

    [Theory]
    [InlineData("data-01", true)]
    [InlineData("a.b_c-9", true)]
    [InlineData("", false)]
    [InlineData("../escape", false)]
    [InlineData("dir/file", false)]
    [InlineData(".hidden", false)]
    [InlineData("with space", false)]
    public void A_name_is_a_plain_file_name(string name, bool valid) =>
        Assert.Equal(valid, NewImageRules.ValidateName(name).Count == 0);

    [Theory]
    [InlineData("20", 20L << 30)]
    [InlineData("0.5", 512L << 20)]
    [InlineData(" 1.25 ", 1280L << 20)]
    [InlineData("0.0625", 64L << 20)]
    public void Sizes_are_read_in_gib_and_kept_in_whole_mib(string text, long bytes)
    {
        Assert.Equal(bytes, NewImageRules.ParseSizeGiB(text, 4096, out var error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData(null, "Give the size")]
    [InlineData("lots", "is not a size")]
    [InlineData("-1", "is not a size")]
    [InlineData("1e3", "is not a size")]
    [InlineData("0", "more than 0")]
    [InlineData("5000", "at most 4096 GiB")]
    [InlineData("0.0000001", "at least 1 MiB")]
    public void Junk_sizes_are_refused_with_a_reason(string? text, string reason)
    {
        Assert.Null(NewImageRules.ParseSizeGiB(text, 4096, out var error));
        Assert.Contains(reason, error!.Message, StringComparison.Ordinal);
    }
}
