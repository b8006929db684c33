using System.Data.Common;
using Npgsql;
using Portal.Core.Metrics;

namespace Portal.Data.TimeSeries;

/// <summary>
/// The time-series store: bulk writes of sweeps, incremental rollup into hourly and daily tiers, retention, and
/// range queries that pick the tier and never return more points than asked. Format: README.md next to this file.
/// </summary>
public sealed class MetricStore(StoreDatabase database, TierTable tiers)
{
    /// <summary>
    /// Every VM that has rows. Tables are clustered by (vm_id, time) and have no time index: work across VMs (rollup,
    /// retention) walks one key range per VM, a seek each, instead of a seek per row through a second index.
    /// </summary>
    private const string KnownVms = "SELECT DISTINCT vm_id FROM metric_layouts";

    private static string OldestSql(Tier tier) =>
        $"SELECT MIN((SELECT MIN(r.time) FROM {TierTables.Of(tier)} r WHERE r.vm_id = v.vm_id)) FROM ({KnownVms}) v";

    private readonly LayoutCatalog _layouts = new();

    public TierTable Tiers => tiers;

    /// <summary>Writes one sweep (or any batch of samples) in one transaction. Samples are snapped to the raw step.</summary>
    public async Task WriteAsync(IReadOnlyList<VmSample> samples, CancellationToken cancellationToken = default)
    {
        try
        {
            await WriteAsync(samples, allowCopy: true, cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // A second sample in the same step (e.g. after a collector restart): COPY cannot upsert, statements can.
            await WriteAsync(samples, allowCopy: false, cancellationToken);
        }
    }

    private async Task WriteAsync(IReadOnlyList<VmSample> samples, bool allowCopy, CancellationToken cancellationToken)
    {
        if (samples.Count == 0) return;
        var step = tiers[Tier.Raw].Step;
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            var rows = new List<StoredRow>(samples.Count);
            foreach (var sample in samples)
            {
                if (sample.Values.Count == 0) continue;
                var layout = await _layouts.ForWriteAsync(connection, transaction, sample.VmId, sample.Values.Keys, cancellationToken);
                var values = new float[layout.Keys.Count];
                Array.Fill(values, float.NaN);
                foreach (var (key, value) in sample.Values) values[layout.Slots[key]] = (float)value;
                rows.Add(new StoredRow(sample.VmId, Sql.ToUnix(QueryPlan.Floor(sample.TimeUtc, step)), layout.Id, RowCodec.EncodeRaw(values)));
            }
            await RowWriter.WriteAsync(connection, transaction, TierTables.Of(Tier.Raw), rows, allowCopy, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch
        {
            _layouts.Invalidate();
            throw;
        }
    }

    public async Task<bool> IsEmptyAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ScalarLongAsync(connection, OldestSql(Tier.Raw), null, cancellationToken) is null;
    }

    /// <summary>Rolls every complete bucket up into the hourly and then the daily tier; returns the buckets done.</summary>
    public async Task<int> RollupAsync(DateTime nowUtc, CancellationToken cancellationToken = default)
    {
        var done = await RollupTierAsync(tiers[Tier.Hourly], tiers[Tier.Raw], nowUtc, cancellationToken);
        // The daily tier waits for the hourly one: its grace is a whole hour after the day ends.
        return done + await RollupTierAsync(tiers[Tier.Daily], tiers[Tier.Hourly], nowUtc, cancellationToken);
    }

    /// <summary>Deletes what each tier no longer keeps; returns the rows removed.</summary>
    public async Task<int> PruneAsync(DateTime nowUtc, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var removed = 0;
        foreach (var tier in tiers.All)
        {
            await using var delete = connection.Command(
                $"DELETE FROM {TierTables.Of(tier.Tier)} WHERE vm_id IN ({KnownVms}) AND time < @cutoff");
            delete.Add("@cutoff", Sql.ToUnix(Retention.Cutoff(tier, nowUtc)));
            removed += await delete.ExecuteNonQueryAsync(cancellationToken);
        }
        return removed;
    }

    /// <summary>
    /// A VM's series over [from, to) on at most <paramref name="maxPoints"/> points, from the fitting tier. The part of
    /// the range that tier has not rolled up yet (the last hour or day) comes from the finer tiers, so charts that
    /// end now are complete.
    /// </summary>
    public async Task<SeriesSet> QueryAsync(int vmId, DateTime fromUtc, DateTime toUtc, int maxPoints, MetricAggregate aggregate,
        DateTime nowUtc, CancellationToken cancellationToken = default) =>
        (await QueryManyAsync([vmId], fromUtc, toUtc, maxPoints, aggregate, nowUtc, cancellationToken))[vmId];

    /// <summary>
    /// Many VMs' series over one range at once (the VM list's trend lines): one plan, and one statement per tier
    /// for up to 500 VMs, instead of a query per VM.
    /// </summary>
    public async Task<IReadOnlyDictionary<int, SeriesSet>> QueryManyAsync(IReadOnlyList<int> vmIds, DateTime fromUtc, DateTime toUtc,
        int maxPoints, MetricAggregate aggregate, DateTime nowUtc, CancellationToken cancellationToken = default)
    {
        var plan = QueryPlan.For(fromUtc, toUtc, maxPoints, nowUtc, tiers);
        var perVm = vmIds.Distinct().ToDictionary(id => id, _ => new SeriesAccumulator(plan.Points));
        if (perVm.Count == 0) return new Dictionary<int, SeriesSet>();
        var gridStart = Sql.ToUnix(plan.GridStart);
        var gridEnd = Sql.ToUnix(plan.GridEnd);
        var bucketSeconds = (long)plan.Bucket.TotalSeconds;

        await using var connection = await database.OpenAsync(cancellationToken);
        var covered = gridStart;
        for (var tier = plan.Tier; covered < gridEnd; tier--)
        {
            var through = tier == Tier.Raw ? gridEnd : Math.Min(gridEnd,
                await ScalarLongAsync(connection, "SELECT through FROM rollup_cursors WHERE tier = @tier", ("@tier", (int)tier), cancellationToken) ?? covered);
            foreach (var chunk in perVm.Keys.Chunk(500))
            {
                if (through <= covered) break;
                await using var select = connection.Command(
                    $"SELECT vm_id, time, layout_id, data FROM {TierTables.Of(tier)} WHERE vm_id IN ({string.Join(',', chunk.Select((_, i) => "@v" + i))}) AND time >= @from AND time < @to");
                for (var i = 0; i < chunk.Length; i++) select.Add("@v" + i, chunk[i]);
                select.Add("@from", covered);
                select.Add("@to", through);
                foreach (var row in await ReadRowsAsync(select, cancellationToken))
                {
                    var layout = await _layouts.ByIdAsync(connection, row.LayoutId, cancellationToken);
                    perVm[row.VmId].Add(layout, row.Data, tier == Tier.Raw, (int)((row.Time - gridStart) / bucketSeconds));
                }
            }
            covered = Math.Max(covered, through);
        }
        return perVm.ToDictionary(p => p.Key, p => new SeriesSet(plan, aggregate, p.Value.Result(aggregate)));
    }

    private async Task<int> RollupTierAsync(TierSpec target, TierSpec source, DateTime nowUtc, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var cursor = await ScalarLongAsync(connection, "SELECT through FROM rollup_cursors WHERE tier = @tier", ("@tier", (int)target.Tier), cancellationToken);
        var oldest = cursor is null
            ? await ScalarLongAsync(connection, OldestSql(source.Tier), null, cancellationToken)
            : null;
        if (cursor is null && oldest is null) return 0;

        var due = RollupSchedule.DueBuckets(target, cursor is { } c ? Sql.FromUnix(c) : null, Sql.FromUnix(oldest ?? 0), nowUtc, source.Step);
        foreach (var bucket in due)
        {
            try
            {
                await RollupBucketAsync(connection, target, source, bucket, allowCopy: true, cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                // Rows of this bucket exist already (written by hand or by an older version): upsert them instead.
                await RollupBucketAsync(connection, target, source, bucket, allowCopy: false, cancellationToken);
            }
        }
        return due.Count;
    }

    /// <summary>
    /// One bucket in one transaction: aggregate the finer tier, write the rows (COPY where possible: they are new,
    /// since the cursor moves in the same transaction), advance the cursor.
    /// </summary>
    private async Task RollupBucketAsync(DbConnection connection, TierSpec target, TierSpec source, DateTime bucket, bool allowCopy, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            var rows = await AggregateBucketAsync(connection, transaction, source, bucket, target.Step, cancellationToken);
            await RowWriter.WriteAsync(connection, transaction, TierTables.Of(target.Tier), rows, allowCopy, cancellationToken);
            await using var move = connection.Command(
                "INSERT INTO rollup_cursors (tier, through) VALUES (@tier, @through) ON CONFLICT (tier) DO UPDATE SET through = excluded.through", transaction);
            move.Add("@tier", (int)target.Tier);
            move.Add("@through", Sql.ToUnix(bucket + target.Step));
            await move.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch
        {
            _layouts.Invalidate();
            throw;
        }
    }

    private async Task<List<StoredRow>> AggregateBucketAsync(DbConnection connection, DbTransaction transaction, TierSpec source, DateTime bucket, TimeSpan step, CancellationToken cancellationToken)
    {
        var perVm = new Dictionary<int, SeriesAccumulator>();
        await using (var select = connection.Command(
            $"SELECT r.vm_id, r.time, r.layout_id, r.data FROM ({KnownVms}) v JOIN {TierTables.Of(source.Tier)} r " +
            "ON r.vm_id = v.vm_id AND r.time >= @from AND r.time < @to", transaction))
        {
            select.Add("@from", Sql.ToUnix(bucket));
            select.Add("@to", Sql.ToUnix(bucket + step));
            foreach (var row in await ReadRowsAsync(select, cancellationToken))
            {
                if (!perVm.TryGetValue(row.VmId, out var vm)) perVm[row.VmId] = vm = new SeriesAccumulator(1);
                vm.Add(await _layouts.ByIdAsync(connection, row.LayoutId, cancellationToken, transaction), row.Data, source.Tier == Tier.Raw, 0);
            }
        }

        var rows = new List<StoredRow>(perVm.Count);
        foreach (var (vmId, vm) in perVm)
        {
            var present = vm.Totals().ToArray();
            if (present.Length == 0) continue;
            var layout = await _layouts.ForWriteAsync(connection, transaction, vmId, present.Select(s => s.Key), cancellationToken);
            var n = layout.Keys.Count;
            var averages = new float[n];
            var maxima = new float[n];
            var counts = new ushort[n];
            foreach (var (key, average, max, count) in present)
            {
                var slot = layout.Slots[key];
                averages[slot] = (float)average;
                maxima[slot] = max;
                counts[slot] = (ushort)Math.Min(count, ushort.MaxValue);
            }
            rows.Add(new StoredRow(vmId, Sql.ToUnix(bucket), layout.Id, RowCodec.EncodeRollup(averages, maxima, counts)));
        }
        return rows;
    }

    /// <summary>
    /// Reads every row before anything else runs on the connection: PostgreSQL allows one command at a time, and
    /// resolving a layout this process has not seen yet is a second command.
    /// </summary>
    private static async Task<List<StoredRow>> ReadRowsAsync(DbCommand select, CancellationToken cancellationToken)
    {
        var rows = new List<StoredRow>();
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.NextAsync(cancellationToken))
                rows.Add(new StoredRow(reader.GetInt32(0), reader.GetInt64(1), reader.GetInt32(2), (byte[])reader.GetValue(3)));
        }
        return rows;
    }

    private static async Task<long?> ScalarLongAsync(DbConnection connection, string sql, (string Name, object Value)? parameter, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(sql);
        if (parameter is { } p) command.Add(p.Name, p.Value);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? null : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
