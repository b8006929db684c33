using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Portal.Data.TimeSeries;

/// <summary>The byte format of <c>data</c> (see README.md next to this file).</summary>
internal static class RowCodec
{
    public static byte[] EncodeRaw(ReadOnlySpan<float> values)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        WriteFloats(values, bytes);
        return bytes;
    }

    public static void DecodeRaw(ReadOnlySpan<byte> data, Span<float> values) => ReadFloats(data, values[..(data.Length / sizeof(float))]);

    /// <summary>avg[n] float32, max[n] float32, count[n] uint16.</summary>
    public static byte[] EncodeRollup(ReadOnlySpan<float> averages, ReadOnlySpan<float> maxima, ReadOnlySpan<ushort> counts)
    {
        var n = averages.Length;
        var bytes = new byte[n * (sizeof(float) * 2 + sizeof(ushort))];
        WriteFloats(averages, bytes);
        WriteFloats(maxima, bytes.AsSpan(n * sizeof(float)));
        var countBytes = bytes.AsSpan(n * sizeof(float) * 2);
        for (var i = 0; i < n; i++) BinaryPrimitives.WriteUInt16LittleEndian(countBytes[(i * 2)..], counts[i]);
        return bytes;
    }

    public static int RollupCount(int dataLength) => dataLength / (sizeof(float) * 2 + sizeof(ushort));

    public static void DecodeRollup(ReadOnlySpan<byte> data, Span<float> averages, Span<float> maxima, Span<ushort> counts)
    {
        var n = RollupCount(data.Length);
        ReadFloats(data[..(n * sizeof(float))], averages[..n]);
        ReadFloats(data.Slice(n * sizeof(float), n * sizeof(float)), maxima[..n]);
        var countBytes = data[(n * sizeof(float) * 2)..];
        for (var i = 0; i < n; i++) counts[i] = BinaryPrimitives.ReadUInt16LittleEndian(countBytes[(i * 2)..]);
    }

    private static void WriteFloats(ReadOnlySpan<float> values, Span<byte> target)
    {
        if (BitConverter.IsLittleEndian) MemoryMarshal.AsBytes(values).CopyTo(target);
        else for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(target[(i * 4)..], values[i]);
    }

    private static void ReadFloats(ReadOnlySpan<byte> source, Span<float> values)
    {
        if (BitConverter.IsLittleEndian) source[..(values.Length * 4)].CopyTo(MemoryMarshal.AsBytes(values));
        else for (var i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(source[(i * 4)..]);
    }
}
