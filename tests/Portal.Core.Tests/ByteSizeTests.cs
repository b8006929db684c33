using Portal.Core.Units;

namespace Portal.Core.Tests;

public class ByteSizeTests
{
    [Theory]
    [InlineData(0L, "0 B")]
    [InlineData(1023L, "1023 B")]
    [InlineData(1536L, "1.5 KiB")]
    [InlineData(4L << 30, "4 GiB")]
    [InlineData((3L << 30) / 2, "1.5 GiB")]
    [InlineData(100L << 30, "100 GiB")]
    [InlineData(-2048L, "-2 KiB")]
    public void Formats_binary_sizes(long bytes, string text) => Assert.Equal(text, ByteSize.Format(bytes));
}
