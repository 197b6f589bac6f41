using MedVision.Pipeline.Experiments;
using MedVision.Pipeline.Reporting;
using MedVision.Pipeline.Tests.Browser;
using MedVision.Reports.Study;

namespace MedVision.Pipeline.Tests;

/// <summary>One small CNN + wavelet study (as <c>demo</c> runs, on fewer images and epochs) whose report every test reads.</summary>
public sealed class StudyReportFixture : IDisposable
{
    public StudyReportFixture()
    {
        Folder = Directory.CreateTempSubdirectory("mv-report-").FullName;
        var config = new ExperimentConfig
        {
            Out = Folder,
            PhantomRegionsPerClass = 20,
            Protocol = new ProtocolConfig { Kind = "holdout" },
            Models = [new ModelConfig { Name = "seed-cnn", Epochs = 2, BatchSize = 16 }, new ModelConfig { Name = "wavelet-rf" }],
            Evaluation = new EvaluationConfig { Bootstrap = 50 },
        };
        Outcome = new ExperimentRunner(config).Run();
        Input = StudyReportInputs.From(Outcome);
        Html = StudyReport.Build(Input);
        Path = System.IO.Path.Combine(Folder, "report.html");
        File.WriteAllText(Path, Html);
    }

    public string Folder { get; }

    public ExperimentOutcome Outcome { get; }

    public StudyReportInput Input { get; }

    public string Html { get; }

    public string Path { get; }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}

public sealed class StudyReportTests(StudyReportFixture study) : IClassFixture<StudyReportFixture>
{
    /// <summary>The markup of level-2 section <paramref name="id"/>, or null when absent.</summary>
    internal static string? SectionOf(string html, string id)
    {
        var start = html.IndexOf($"<section id=\"{id}\">", StringComparison.Ordinal);
        return start < 0 ? null : html[start..html.IndexOf("</section>", start, StringComparison.Ordinal)];
    }

    /// <summary>Real content: an embedded image, a chart, a table cell or a non-empty preformatted block (config, command).</summary>
    internal static bool HasContent(string section) =>
        section.Contains("<img ", StringComparison.Ordinal) || section.Contains("<svg", StringComparison.Ordinal) || section.Contains("<td>", StringComparison.Ordinal)
        || (section.Contains("<pre>", StringComparison.Ordinal) && !section.Contains("<pre></pre>", StringComparison.Ordinal));

    [Fact]
    public void EverySection_IsPresentWithContent()
    {
        foreach (var id in StudyReport.SectionIds)
        {
            var section = SectionOf(study.Html, id);
            Assert.True(section is not null, $"section {id} missing");
            Assert.True(HasContent(section), $"section {id} has no image, chart or table");
        }

        // A phantom study of a few dozen images stays far below the ~5 MB a mailed report can carry.
        Assert.InRange(study.Html.Length, 1, 5_000_000);
    }

    [Fact]
    public void ExplanationSections_ShowTheirFigures()
    {
        var gradcam = SectionOf(study.Html, "gradcam")!;
        Assert.Contains("gradcam-seed-cnn", gradcam, StringComparison.Ordinal);
        Assert.Equal(2, CountOf(gradcam, "gallery-title"));
        Assert.DoesNotContain("class=\"empty\"", gradcam, StringComparison.Ordinal);

        var filters = SectionOf(study.Html, "filters")!;
        Assert.Contains("First-layer filters (0: 32 &#215; 1 &#215; 3 &#215; 3)", filters, StringComparison.Ordinal);
        Assert.Equal(32 + 1 + 16 + 16, CountOf(filters, "<img "));

        // One scatter per model, one dot per fold-1 test image.
        var tsne = SectionOf(study.Html, "tsne")!;
        var tested = study.Outcome.Runs[0].FoldOf.Count(f => f == 0);
        Assert.Equal(2, CountOf(tsne, "<svg"));
        Assert.Equal(2 * (tested + 2), CountOf(tsne, "<circle"));
    }

    [Fact]
    public void Report_CountsEpochsFromOne_AsTheLogsAndResultsDo()
    {
        var cnn = study.Outcome.Results.Models.Single(m => m.Name == "seed-cnn");
        var fold = Assert.Single(cnn.Folds);
        Assert.Equal(1, fold.Fold);
        Assert.InRange(fold.BestEpoch!.Value, 1, 2);
        Assert.Equal(cnn.Histories[0].BestEpoch + 1, fold.BestEpoch);
        Assert.Contains($"best epoch {fold.BestEpoch}</text>", study.Html, StringComparison.Ordinal);
        Assert.Contains($"<tr><td>1</td><td>{fold.TrainSamples}</td>", study.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void ReportInput_HoldsWhatTheResultsAndRunsSay()
    {
        var input = study.Input;
        var results = study.Outcome.Results;
        Assert.Equal(results.Models.Select(m => m.Name), input.Models.Select(m => m.Name));
        Assert.Equal(results.Reproducibility.Rerun, input.Reproducibility.Rerun);

        // Only the CNN is explained by Grad-CAM and filters; every model gets a t-SNE map (fold 1 tests enough images).
        var cnn = Assert.Single(input.Cnns);
        Assert.Equal("seed-cnn", cnn.Model);
        Assert.Equal(input.Models.Select(m => m.Name), input.Tsne.Select(t => t.Model));
        Assert.All(input.Tsne, t => Assert.Equal(study.Outcome.Runs[0].FoldOf.Count(f => f == 0), t.Map!.Classes.Sum(c => c.X.Count)));

        // Fold counts per class add up to each part of the plan; the learning curves' best epoch counts from 1 as the fold table does.
        var fold = study.Outcome.Plan.Folds[0];
        var counts = Assert.Single(input.Dataset.Folds);
        Assert.Equal((1, fold.Train.Length, fold.Validation.Length, fold.Test.Length), (counts.Fold, counts.Train.Sum(), counts.Validation.Sum(), counts.Test.Sum()));
        var model = input.Models.Single(m => m.Name == "seed-cnn");
        Assert.Equal(model.Folds[0].BestEpoch, model.Learning!.BestEpoch);
        Assert.Null(input.Models.Single(m => m.Name == "wavelet-rf").Learning);

        // Cases at the threshold: ten at most per outcome, no case under two outcomes, the top losses from every case.
        var cases = Assert.IsType<StudyReportInput.BinaryCaseGalleries>(model.Cases);
        StudyReportInput.GalleryImage[][] outcomes = [[.. cases.TruePositives], [.. cases.FalsePositives], [.. cases.FalseNegatives], [.. cases.TrueNegatives]];
        Assert.All(outcomes, g => Assert.InRange(g.Length, 0, 10));
        var ids = outcomes.SelectMany(g => g.Select(i => i.Caption.Split(' ')[0])).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(Math.Min(10, study.Outcome.Runs[0].Evaluated.Length), cases.TopLosses.Count);
    }

    [Fact]
    public void LearningCurvesAndTsne_SayWhichFoldTheyShow()
    {
        Assert.Contains("Loss per epoch, seed-cnn, fold 1", study.Html, StringComparison.Ordinal);
        Assert.Contains("t-SNE, seed-cnn, fold 1 test images", study.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void GradCamOverlay_IsAnRgbPngOfTheInputSize()
    {
        var png = Overlays.GradCamPng(study.Outcome.Store.Images[0], new float[study.Outcome.Store.Images[0].PlaneSize]);
        var image = Imaging.Io.PngReader.Decode(png, "overlay.png", new Imaging.Io.ReadOptions());
        Assert.Equal((3, study.Outcome.Store.Images[0].Height), (image.Channels, image.Height));
        Assert.Throws<ArgumentException>(() => Overlays.GradCamPng(study.Outcome.Store.Images[0], new float[3]));
    }

    [ChromiumFact]
    public async Task Report_OpensInHeadlessChromiumWithoutErrors_AndEverySectionRenders()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await using var browser = await HeadlessChromium.StartAsync(timeout.Token);
        var ids = string.Join(',', StudyReport.SectionIds.Select(id => $"'{id}'"));
        var probe = $$"""
            (() => {
              const out = {};
              for (const id of [{{ids}}]) {
                const s = document.getElementById(id);
                if (!s) { out[id] = null; continue; }
                const images = [...s.querySelectorAll('img')];
                out[id] = {
                  images: images.length,
                  broken: images.filter(i => !i.complete || i.naturalWidth === 0).length,
                  svgs: [...s.querySelectorAll('svg')].filter(v => v.childElementCount > 0).length,
                  cells: s.querySelectorAll('table td').length,
                  code: [...s.querySelectorAll('pre')].filter(p => p.textContent.trim().length > 0).length,
                };
              }
              return out;
            })()
            """;
        var page = await browser.LoadAsync(study.Path, probe, timeout.Token);

        Assert.True(page.Problems.Count == 0, "the browser reported: " + string.Join("; ", page.Problems));
        var sections = page.Probe!.AsObject();
        foreach (var id in StudyReport.SectionIds)
        {
            var s = sections[id];
            Assert.True(s is not null, $"section {id} missing in the rendered page");
            Assert.Equal(0, (int)s["broken"]!);
            Assert.True((int)s["images"]! + (int)s["svgs"]! + (int)s["cells"]! + (int)s["code"]! > 0, $"section {id} renders no image, chart, table or code: {s.ToJsonString()}");
        }

        Assert.True((int)sections["gradcam"]!["images"]! >= 2, "no Grad-CAM overlay rendered");
    }

    [ChromiumFact]
    public async Task HeadlessChromium_CatchesConsoleErrorsAndExternalRequests()
    {
        var page = System.IO.Path.Combine(study.Folder, "broken.html");
        File.WriteAllText(page, "<!DOCTYPE html><html><body><img src=\"http://127.0.0.1:9/x.png\"><script>console.error('boom')</script></body></html>");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await using var browser = await HeadlessChromium.StartAsync(timeout.Token);
        var load = await browser.LoadAsync(page, "document.images.length", timeout.Token);
        Assert.Contains(load.Problems, p => p.StartsWith("console.error", StringComparison.Ordinal));
        Assert.Contains(load.Problems, p => p.StartsWith("external request: http://127.0.0.1:9/x.png", StringComparison.Ordinal));
        Assert.Equal(1, (int)load.Probe!);
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
