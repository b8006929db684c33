using System.Globalization;
using Portal.Core.Hypervisor;
using Portal.Core.Inventory;

namespace Portal.Libvirt;

/// <summary>
/// Maps one domain's typed parameters from virConnectGetAllDomainStats to the port's counters. A group libvirt
/// did not report stays null or empty; nothing missing becomes a zero.
/// </summary>
internal static class StatsMapper
{
    public static DomainStats Map(Guid uuid, IReadOnlyDictionary<string, object> p)
    {
        var state = Long(p, "state.state") is { } s && Enum.IsDefined(typeof(VmState), (int)s) ? (VmState)(int)s : VmState.Unknown;
        var cpu = ULong(p, "cpu.time") is { } time ? new CpuCounters(time, ULong(p, "cpu.user"), ULong(p, "cpu.system")) : null;

        var vcpus = new List<VcpuCounters>();
        for (var i = 0; i < (Long(p, "vcpu.maximum") ?? Long(p, "vcpu.current") ?? 0); i++)
        {
            var prefix = Key("vcpu", i);
            if (!p.ContainsKey(prefix + "state") && !p.ContainsKey(prefix + "time")) continue;
            vcpus.Add(new VcpuCounters(i, ULong(p, prefix + "time"), ULong(p, prefix + "wait"), ULong(p, prefix + "delay")));
        }

        BalloonCounters? balloon = p.Keys.Any(k => k.StartsWith("balloon.", StringComparison.Ordinal))
            ? new BalloonCounters(Long(p, "balloon.current"), Long(p, "balloon.maximum"), ULong(p, "balloon.swap_in"),
                ULong(p, "balloon.swap_out"), ULong(p, "balloon.major_fault"), ULong(p, "balloon.minor_fault"),
                Long(p, "balloon.unused"), Long(p, "balloon.available"), Long(p, "balloon.usable"), Long(p, "balloon.rss"))
            : null;

        var nets = new List<NetCounters>();
        for (var i = 0; i < (Long(p, "net.count") ?? 0); i++)
        {
            var n = Key("net", i);
            if (p.GetValueOrDefault(n + "name") is not string device) continue;
            nets.Add(new NetCounters(device,
                ULong(p, n + "rx.bytes"), ULong(p, n + "rx.pkts"), ULong(p, n + "rx.errs"), ULong(p, n + "rx.drop"),
                ULong(p, n + "tx.bytes"), ULong(p, n + "tx.pkts"), ULong(p, n + "tx.errs"), ULong(p, n + "tx.drop")));
        }

        var blocks = new List<BlockCounters>();
        for (var i = 0; i < (Long(p, "block.count") ?? 0); i++)
        {
            var b = Key("block", i);
            // Backing-chain entries repeat the disk's name with a backingIndex; the top image alone carries the I/O.
            if (p.GetValueOrDefault(b + "name") is not string target || blocks.Exists(x => x.Target == target)) continue;
            blocks.Add(new BlockCounters(target, ULong(p, b + "rd.bytes"), ULong(p, b + "rd.reqs"), ULong(p, b + "wr.bytes"), ULong(p, b + "wr.reqs"),
                ULong(p, b + "rd.times"), ULong(p, b + "wr.times")));
        }

        return new DomainStats(uuid, state, cpu, vcpus, balloon, nets, blocks);
    }

    private static string Key(string group, int index) => string.Create(CultureInfo.InvariantCulture, $"{group}.{index}.");

    private static ulong? ULong(IReadOnlyDictionary<string, object> p, string key) => p.GetValueOrDefault(key) switch
    {
        ulong u => u,
        long l when l >= 0 => (ulong)l,
        _ => null,
    };

    private static long? Long(IReadOnlyDictionary<string, object> p, string key) => p.GetValueOrDefault(key) switch
    {
        long l => l,
        ulong u when u <= long.MaxValue => (long)u,
        _ => null,
    };
}
