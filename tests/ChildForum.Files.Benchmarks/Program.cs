using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using ChildForum.Files.Extraction;
using ChildForum.Files.Inspection;
using ChildForum.Testing;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.Extensions.Logging.Abstractions;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

// The documents benchmark (issue 13): the upload of a large PDF and a large DOCX through the documents API, which stages,
// hashes, inspects, extracts the text, runs the children's-data guard and stores the file in the request. Reported: the
// wall time of each upload and the process's peak resident memory during it (VmHWM, reset before each upload). The files
// are made first, on disk, and sent streamed from there. See docs/benchmarks.md (section "Documents").

var pdfMb = Arg("--pdf-mb", 20);
var docxMb = Arg("--docx-mb", 5);
var work = Path.Combine(Path.GetTempPath(), "childforum-files-bench");
Directory.CreateDirectory(work);
var pdf = Path.Combine(work, "report.pdf");
var docx = Path.Combine(work, "draft.docx");
Console.WriteLine($"Documents benchmark: a {pdfMb} MB PDF and a {docxMb} MB DOCX, started {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, load average {LoadAverage()}");
var (pdfPages, pdfBytes) = MakePdf(pdf, pdfMb * 1024L * 1024);
var (docxParagraphs, docxBytes) = MakeDocx(docx, docxMb * 1024L * 1024);
Console.WriteLine($"made {pdf}: {pdfBytes / 1048576.0:N1} MB, {pdfPages:N0} pages; {docx}: {docxBytes / 1048576.0:N1} MB, {docxParagraphs:N0} paragraphs");

await using var site = new SqliteForumAppFactory();
site.Settings["Files:MaxBytes"] = (64L * 1024 * 1024).ToString(CultureInfo.InvariantCulture);
await site.StartAsync();
var group = await site.CreateGroupAsync("members", (DemoUsers.Facilitator, "facilitator"), (DemoUsers.Cso, "member"));
using var client = await site.ClientForAsync(DemoUsers.Cso);
client.Timeout = TimeSpan.FromMinutes(10);
// One small upload first, so that the first measured one does not pay for start-up (JIT, the first query of each kind).
await UploadAsync(client, group.Id, WriteSmall(work), "warm.txt");

Console.WriteLine();
Console.WriteLine("| file | size MB | upload + extraction s | peak RSS during it MB | RSS before MB | answer |");
Console.WriteLine("|---|---|---|---|---|---|");
foreach (var (path, name) in new[] { (pdf, "report.pdf"), (docx, "draft.docx") })
{
    // Gives the memory of making the files and of the previous upload back to the system, so RSS starts low.
    GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    GC.WaitForPendingFinalizers();
    var before = Status("VmRSS:");
    // Resets VmHWM to the current RSS (Linux ≥ 4.0), so the peak is this upload's.
    File.WriteAllText("/proc/self/clear_refs", "5");
    var watch = Stopwatch.StartNew();
    var status = await UploadAsync(client, group.Id, path, name);
    watch.Stop();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {new FileInfo(path).Length / 1048576.0:N1} | {watch.Elapsed.TotalSeconds:N2} | {Status("VmHWM:"):N0} | {before:N0} | {(int)status} |"));
}

// The PDF's text extraction alone, warm (PdfPig's code already compiled by the upload above), in the same process: tells
// the extraction's share of the upload's peak apart from the rest of the request, and PdfPig's live data (what it holds
// while the document is open) apart from the garbage the GC lets grow before it collects.
Console.WriteLine();
Console.WriteLine("| extraction alone | s | peak RSS during it MB | RSS before MB | characters |");
Console.WriteLine("|---|---|---|---|---|");
{
    GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    GC.WaitForPendingFinalizers();
    var before = Status("VmRSS:");
    File.WriteAllText("/proc/self/clear_refs", "5");
    var watch = Stopwatch.StartNew();
    var text = new TextExtractor(NullLogger<TextExtractor>.Instance).Extract(pdf, FileType.Pdf, CancellationToken.None);
    watch.Stop();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| report.pdf | {watch.Elapsed.TotalSeconds:N2} | {Status("VmHWM:"):N0} | {before:N0} | {text.Text.Length:N0} |"));
    Console.WriteLine();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"PdfPig's live data (full collections): {LiveData(pdf, TextExtractor.MaxChars)}"));
}
return 0;

// What PdfPig holds, not what it lets become garbage: live managed memory with the document open, and after reading
// pages' words (the document still open) until as many characters as the extractor keeps.
static string LiveData(string path, int chars)
{
    var baseline = GC.GetTotalMemory(forceFullCollection: true);
    using var stream = File.OpenRead(path);
    using var document = UglyToad.PdfPig.PdfDocument.Open(stream);
    var open = GC.GetTotalMemory(forceFullCollection: true) - baseline;
    var read = 0L;
    var pages = 0;
    while (read < chars && pages < document.NumberOfPages)
    {
        read += document.GetPage(++pages).GetWords().Sum(w => w.Text.Length + 1);
    }
    var after = GC.GetTotalMemory(forceFullCollection: true) - baseline;
    return string.Create(CultureInfo.InvariantCulture, $"{open / 1048576.0:N1} MB with the document open, {after / 1048576.0:N1} MB after {pages:N0} pages");
}

static async Task<HttpStatusCode> UploadAsync(HttpClient client, int groupId, string path, string name)
{
    await using var file = File.OpenRead(path);
    using var form = new MultipartFormDataContent();
    var content = new StreamContent(file);
    content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
    form.Add(content, "file", name);
    using var response = await client.PostAsync($"/api/v1/groups/{groupId}/documents", form);
    if (response.StatusCode != HttpStatusCode.Created)
    {
        Console.WriteLine($"{name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
    return response.StatusCode;
}

static string WriteSmall(string work)
{
    var path = Path.Combine(work, "warm.txt");
    File.WriteAllText(path, "Warm-up 预热\n");
    return path;
}

// Pages of English and pinyin-free text in Helvetica, forty lines each, until the file reaches the size.
static (int Pages, long Bytes) MakePdf(string path, long target)
{
    var words = Vocabulary();
    var random = new Random(7);
    var pages = 0;
    byte[] bytes;
    var perBatch = 200;
    var total = 0;
    do
    {
        total += perBatch;
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        for (pages = 0; pages < total; pages++)
        {
            var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
            for (var line = 0; line < 40; line++)
            {
                var text = string.Join(' ', Enumerable.Range(0, 12).Select(_ => words[random.Next(words.Length)]));
                page.AddText(text, 10, new UglyToad.PdfPig.Core.PdfPoint(40, 800 - line * 19), font);
            }
        }
        bytes = builder.Build();
        perBatch = (int)Math.Max(50, (target - bytes.Length) / Math.Max(1, bytes.Length / total) + 10);
    }
    while (bytes.Length < target);
    File.WriteAllBytes(path, bytes);
    return (pages, bytes.Length);
}

// Paragraphs of varied words (so that the package does not compress to nothing) until the file reaches the size.
static (int Paragraphs, long Bytes) MakeDocx(string path, long target)
{
    var words = Vocabulary();
    var random = new Random(11);
    var paragraphs = 0;
    using (var document = WordprocessingDocument.Create(path, WordprocessingDocumentType.Document))
    {
        var body = new Body();
        document.AddMainDocumentPart().Document = new Document(body);
        // About 3.3 bytes of package per word once compressed: enough paragraphs of 60 words.
        var wanted = (int)(target / (60 * 3.3));
        for (; paragraphs < wanted; paragraphs++)
        {
            var text = string.Join(' ', Enumerable.Range(0, 60).Select(_ => words[random.Next(words.Length)] + random.Next(1000).ToString(CultureInfo.InvariantCulture)));
            body.AppendChild(new Paragraph(new Run(new Text(text) { Space = SpaceProcessingModeValues.Preserve })));
        }
    }
    return (paragraphs, new FileInfo(path).Length);
}

static string[] Vocabulary() =>
    "children protection migrant left behind school family village county policy draft consultation article welfare officer civil affairs department survey university business organisation meeting minutes decision action referral visit contact budget training volunteer health education township guardian care report data review"
        .Split(' ');

static double Status(string key)
{
    var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
    return line is null ? 0 : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

static int Arg(string name, int fallback)
{
    var args = Environment.GetCommandLineArgs();
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}
