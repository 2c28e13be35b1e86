using System.Globalization;

namespace ChildForum.Mail.Benchmarks;

public sealed class Options
{
    public int People { get; private set; } = 10_000;
    public int Groups { get; private set; } = 50;
    public int GroupsPerPerson { get; private set; } = 5;
    public int Mails { get; private set; } = 2_000;

    /// <summary>Digests composed at once (1: as one sender composes them, one after the other).</summary>
    public int ComposeParallel { get; private set; } = 1;
    public IReadOnlyList<int> Senders { get; private set; } = [1, 2];
    public bool Sqlite { get; private set; } = true;
    public string? Postgres { get; private set; } = "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres";

    /// <summary>MailDev (or any SMTP server without authentication) as <c>host:port</c>; by default the SMTP half of
    /// <c>CHILDFORUM_TEST_MAILDEV</c>. Without it the sender's throughput is not measured.</summary>
    public string? Smtp { get; private set; } = Environment.GetEnvironmentVariable("CHILDFORUM_TEST_MAILDEV")?.Split(',')[0];

    public string? Markdown { get; private set; }

    public static Options? Parse(string[] args)
    {
        var options = new Options();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Number() => int.Parse(Next(), CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--people": options.People = Number(); break;
                case "--groups": options.Groups = Number(); break;
                case "--groups-per-person": options.GroupsPerPerson = Number(); break;
                case "--mails": options.Mails = Number(); break;
                case "--compose-parallel": options.ComposeParallel = Number(); break;
                case "--senders": options.Senders = Next().Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList(); break;
                case "--postgres": options.Postgres = Next(); break;
                case "--no-postgres": options.Postgres = null; break;
                case "--no-sqlite": options.Sqlite = false; break;
                case "--smtp": options.Smtp = Next(); break;
                case "--no-smtp": options.Smtp = null; break;
                case "--markdown": options.Markdown = Next(); break;
                default:
                    Console.WriteLine("""
                        Mail benchmark: the daily digest for many people built and queued, and the sender's throughput.
                          --people N             people, each in digest mode (default 10000)
                          --groups N             working groups with activity (default 50)
                          --groups-per-person N  groups each person is in (default 5)
                          --compose-parallel N   digests composed at once (default 1, as one sender node)
                          --mails N              test mails queued for the sender's throughput (default 2000)
                          --senders LIST         concurrent senders to measure, e.g. 1,2 (default 1,2)
                          --postgres CS          server connection string; a throwaway database is created and dropped
                          --no-postgres          SQLite only
                          --no-sqlite            PostgreSQL only
                          --smtp HOST:PORT       SMTP server for the sender (default: CHILDFORUM_TEST_MAILDEV's SMTP part)
                          --no-smtp              digest only
                          --markdown FILE        also write the result table there
                        """);
                    return null;
            }
        }
        if (options.GroupsPerPerson > options.Groups || options.People < 1 || options.Groups < 1 || options.Senders.Any(s => s < 1) || options.ComposeParallel < 1)
        {
            throw new ArgumentException("--people, --groups, --senders and --compose-parallel must be positive, --groups-per-person at most --groups");
        }
        return options;
    }
}
