using System.Globalization;

namespace CtiPush.Benchmarks;

/// <summary>
/// CPU time from <c>/proc</c> (Linux): the service's process, PostgreSQL's (every process named <c>postgres</c>: the
/// benchmark's own cluster, with the backends that ended meanwhile) and the whole machine's. On two cores shared by the
/// load generator, PostgreSQL and the service, a run's throughput is the machine's capacity over its CPU per event, and
/// CPU per event moves far less from run to run than the rate does: it is what a lever changes.
/// </summary>
public readonly record struct CpuTime(TimeSpan Service, TimeSpan Postgres, TimeSpan Machine)
{
    /// <summary>Clock ticks a second, as <c>/proc</c> counts (<c>getconf CLK_TCK</c>: 100 on every Linux here).</summary>
    private const double TicksPerSecond = 100;

    public static CpuTime Now(int serviceProcessId) => new(OfProcess(serviceProcessId, withEnded: false), OfPostgres(), OfMachine());

    public static CpuTime operator -(CpuTime after, CpuTime before) =>
        new(after.Service - before.Service, after.Postgres - before.Postgres, after.Machine - before.Machine);

    /// <summary>Microseconds per event of each, for a run of <paramref name="events"/>.</summary>
    public (double Service, double Postgres, double Machine) PerEvent(long events) =>
        (Service.TotalMicroseconds / events, Postgres.TotalMicroseconds / events, Machine.TotalMicroseconds / events);

    /// <summary>
    /// The process's CPU time; <paramref name="withEnded"/>, with that of its children that ended (cutime and cstime): a
    /// PostgreSQL backend whose connection the pool closed during a run takes its time out of the live processes' sum,
    /// and the postmaster, which reaps it, keeps it there.
    /// </summary>
    private static TimeSpan OfProcess(int processId, bool withEnded)
    {
        try
        {
            // After the command's closing parenthesis: state is field 3, utime 14, stime 15, cutime 16, cstime 17 (proc(5)).
            var stat = File.ReadAllText($"/proc/{processId}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return Ticks(fields[11..(withEnded ? 15 : 13)].Sum(field => long.Parse(field, CultureInfo.InvariantCulture)));
        }
        catch (IOException)
        {
            return TimeSpan.Zero; // gone meanwhile: the postmaster counts it among its ended children from then on
        }
    }

    private static TimeSpan OfPostgres() =>
        Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(name => name!.All(char.IsAsciiDigit))
            .Select(name => int.Parse(name!, CultureInfo.InvariantCulture))
            .Where(IsPostgres)
            .Aggregate(TimeSpan.Zero, (sum, id) => sum + OfProcess(id, withEnded: true));

    private static bool IsPostgres(int processId)
    {
        try
        {
            return File.ReadAllText($"/proc/{processId}/comm").Trim() == "postgres";
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>
    /// Every core's busy time: user, nice, system, irq and softirq of the first line of <c>/proc/stat</c>. Not steal: the
    /// time the hypervisor gave other machines is none of this machine's work (it comes in spells here, and counted in
    /// it made a run's CPU per event swing with the neighbours).
    /// </summary>
    private static TimeSpan OfMachine()
    {
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return Ticks(new[] { 1, 2, 3, 6, 7 }.Sum(i => long.Parse(cpu[i], CultureInfo.InvariantCulture)));
    }

    private static TimeSpan Ticks(long ticks) => TimeSpan.FromSeconds(ticks / TicksPerSecond);
}
