using System.Globalization;

namespace CtiPush.Benchmarks;

/// <summary>
/// CPU time from <c>/proc</c> (Linux): the service's process, PostgreSQL's (every process named <c>postgres</c>: the
/// benchmark's own cluster) and the whole machine's. On two cores shared by the load generator, PostgreSQL and the
/// service, a run's throughput is the machine's capacity over its CPU per event, and CPU per event moves far less from
/// run to run than the rate does: it is what a lever changes.
/// </summary>
public readonly record struct CpuTime(TimeSpan Service, TimeSpan Postgres, TimeSpan Machine)
{
    /// <summary>Clock ticks a second, as <c>/proc</c> counts (<c>getconf CLK_TCK</c>: 100 on every Linux here).</summary>
    private const double TicksPerSecond = 100;

    public static CpuTime Now(int serviceProcessId) => new(OfProcess(serviceProcessId), OfPostgres(), OfMachine());

    public static CpuTime operator -(CpuTime after, CpuTime before) =>
        new(after.Service - before.Service, after.Postgres - before.Postgres, after.Machine - before.Machine);

    /// <summary>Microseconds per event of each, for a run of <paramref name="events"/>.</summary>
    public (double Service, double Postgres, double Machine) PerEvent(long events) =>
        (Service.TotalMicroseconds / events, Postgres.TotalMicroseconds / events, Machine.TotalMicroseconds / events);

    private static TimeSpan OfProcess(int processId)
    {
        try
        {
            // After the command's closing parenthesis: state is field 3, utime 14 and stime 15 (proc(5)).
            var stat = File.ReadAllText($"/proc/{processId}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return Ticks(long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture));
        }
        catch (IOException)
        {
            return TimeSpan.Zero; // gone meanwhile (a backend closed): its time is lost to both readings alike
        }
    }

    private static TimeSpan OfPostgres() =>
        Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(name => name!.All(char.IsAsciiDigit))
            .Select(name => int.Parse(name!, CultureInfo.InvariantCulture))
            .Where(IsPostgres)
            .Aggregate(TimeSpan.Zero, (sum, id) => sum + OfProcess(id));

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

    /// <summary>Every core's busy time: user, nice, system, irq, softirq and steal of the first line of <c>/proc/stat</c>.</summary>
    private static TimeSpan OfMachine()
    {
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var busy = new[] { 1, 2, 3, 6, 7, 8 }.Sum(i => long.Parse(cpu[i], CultureInfo.InvariantCulture));
        return Ticks(busy);
    }

    private static TimeSpan Ticks(long ticks) => TimeSpan.FromSeconds(ticks / TicksPerSecond);
}
