using System.Runtime.InteropServices;

namespace Portal.Libvirt.Interop;

/// <summary>virError (80 bytes on linux-x64); only the leading fields are read.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct VirError
{
    public int Code;
    public int Domain;
    public byte* Message;
    public int Level;
}

/// <summary>virTypedParameter: char field[80] @0, int type @80, value union @88; 96 bytes.</summary>
[StructLayout(LayoutKind.Explicit, Size = 96)]
internal unsafe struct VirTypedParameter
{
    public const int FieldLength = 80;

    [FieldOffset(0)] public fixed byte Field[FieldLength];
    [FieldOffset(80)] public int Type;
    [FieldOffset(88)] public int Int;
    [FieldOffset(88)] public uint UInt;
    [FieldOffset(88)] public long LLong;
    [FieldOffset(88)] public ulong ULLong;
    [FieldOffset(88)] public double Double;
    [FieldOffset(88)] public byte Boolean;
    [FieldOffset(88)] public byte* String;
}

/// <summary>virDomainStatsRecord: dom @0, params @8, nparams @16; 24 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct VirDomainStatsRecord
{
    public IntPtr Domain;
    public VirTypedParameter* Params;
    public int ParamCount;
}

internal static class TypedParameterType
{
    public const int Int = 1, UInt = 2, LLong = 3, ULLong = 4, Double = 5, Boolean = 6, String = 7;
}

/// <summary>virDomainBlockInfo: capacity (what the guest sees), allocation and physical size, in bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct VirDomainBlockInfo
{
    public ulong Capacity;
    public ulong Allocation;
    public ulong Physical;
}
