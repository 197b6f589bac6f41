using System.Globalization;
using System.Text;
using MedVision.Pipeline.Reporting;
using MedVision.Reports.Figures;
using MedVision.Reports.Json;
using MedVision.Reports.Study;
using MedVision.Reports.Tables;

namespace MedVision.Pipeline.Experiments;

/// <summary>
/// Writes an experiment's outputs into one folder: <c>results.json</c>, <c>report.html</c>, <c>metrics.md</c>,
/// <c>metrics.csv</c> (and <c>metrics.tex</c> when asked), <c>figures/</c> (every chart of the report as SVG and PNG), <c>predictions.csv</c> (every held-out score of every
/// model), <c>folds.csv</c> (the fold of every image), <c>config.yaml</c> (the settings to rerun) and a model bundle
/// per model under <c>models/&lt;name&gt;/</c>. Each file (each bundle folder) is written to a temporary name first and
/// renamed, so a crash never leaves a half-written file behind a complete name.
/// Once everything is written the training checkpoints (<c>checkpoints/</c>) are removed unless the config keeps them.
/// </summary>
public static class ExperimentWriter
{
    /// <summary>Subfolder of every chart of the report as SVG and PNG (<see cref="FigureWriter"/>), named as in the report.</summary>
    public const string FiguresFolder = "figures";

    /// <summary>The files written, relative to the output folder.</summary>
    public static IReadOnlyList<string> Write(ExperimentOutcome outcome, string folder)
    {
        Directory.CreateDirectory(folder);
        var written = new List<string>();
        void Put(string name, string text)
        {
            var path = Path.Combine(folder, name);
            File.WriteAllText(path + ".tmp", text, new UTF8Encoding(false));
            File.Move(path + ".tmp", path, overwrite: true);
            written.Add(name);
        }

        Put("config.yaml", ExperimentConfigLoader.ToYaml(outcome.Config));
        Put("folds.csv", FoldsCsv(outcome));
        Put("predictions.csv", PredictionsCsv(outcome));
        var input = StudyReportInputs.From(outcome);
        var table = StudyReport.MetricTable(input.Models);
        Put("metrics.md", TableWriter.ToMarkdown(table));
        Put("metrics.csv", TableWriter.ToCsv(table));
        if (outcome.Config.Latex)
        {
            Put("metrics.tex", TableWriter.ToLatex(table));
        }

        var report = StudyReport.Render(input);
        Put("report.html", report.ToHtml());
        written.AddRange(FigureWriter.Write(Path.Combine(folder, FiguresFolder), report.FigureList).Files.Select(f => Path.Combine(FiguresFolder, f)));
        foreach (var bundle in outcome.Bundles ?? [])
        {
            var relative = Path.Combine("models", bundle.Manifest.Name);
            bundle.Save(Path.Combine(folder, relative));
            written.AddRange(Directory.GetFiles(Path.Combine(folder, relative)).Order(StringComparer.Ordinal).Select(f => Path.GetRelativePath(folder, f)));
        }

        Put("results.json", ResultsJson.Serialize(outcome.Results));
        var checkpoints = ExperimentRunner.CheckpointFolder(outcome.Config);
        if (!outcome.Config.KeepCheckpoints && Directory.Exists(checkpoints))
        {
            Directory.Delete(checkpoints, recursive: true);
        }

        return written;
    }

    private static string FoldsCsv(ExperimentOutcome outcome)
    {
        var samples = outcome.Store.Dataset.Samples;
        var csv = new StringBuilder("id,group,label,fold,role\n");
        foreach (var fold in outcome.Plan.Folds)
        {
            foreach (var (indices, name) in new[] { (fold.Train, "train"), (fold.Validation, "validation"), (fold.Test, "test") })
            {
                foreach (var i in indices)
                {
                    csv.Append(CultureInfo.InvariantCulture, $"{TableWriter.CsvCell(samples[i].Id)},{TableWriter.CsvCell(outcome.Groups[i])},{samples[i].Label},{fold.Index + 1},{name}\n");
                }
            }
        }

        return csv.ToString();
    }

    private static string PredictionsCsv(ExperimentOutcome outcome)
    {
        var samples = outcome.Store.Dataset.Samples;
        var classes = outcome.Store.Dataset.ClassNames;
        if (classes.Count > 2)
        {
            return MulticlassPredictionsCsv(outcome);
        }

        var csv = new StringBuilder("model,id,group,label,fold,score\n");
        foreach (var run in outcome.Runs)
        {
            for (var k = 0; k < run.Evaluated.Length; k++)
            {
                var i = run.Evaluated[k];
                csv.Append(CultureInfo.InvariantCulture, $"{TableWriter.CsvCell(run.Name)},{TableWriter.CsvCell(samples[i].Id)},{TableWriter.CsvCell(outcome.Groups[i])},{samples[i].Label},{run.FoldOf[k] + 1},{run.Scores[k]:R}\n");
            }
        }

        return csv.ToString();
    }

    /// <summary>K classes: <c>model,id,group,label,fold,predicted,p_&lt;class&gt;…</c>, the arg-max class index and the K probabilities in class order.</summary>
    private static string MulticlassPredictionsCsv(ExperimentOutcome outcome)
    {
        var samples = outcome.Store.Dataset.Samples;
        var classes = outcome.Store.Dataset.ClassNames;
        var k = classes.Count;
        var csv = new StringBuilder("model,id,group,label,fold,predicted");
        foreach (var c in classes)
        {
            csv.Append(',').Append(TableWriter.CsvCell("p_" + c));
        }

        csv.Append('\n');
        foreach (var run in outcome.Runs)
        {
            for (var j = 0; j < run.Evaluated.Length; j++)
            {
                var i = run.Evaluated[j];
                csv.Append(CultureInfo.InvariantCulture, $"{TableWriter.CsvCell(run.Name)},{TableWriter.CsvCell(samples[i].Id)},{TableWriter.CsvCell(outcome.Groups[i])},{samples[i].Label},{run.FoldOf[j] + 1},{MulticlassEvaluation.ArgMax(run.Scores, k, j)}");
                for (var c = 0; c < k; c++)
                {
                    csv.Append(CultureInfo.InvariantCulture, $",{run.Scores[(j * k) + c]:R}");
                }

                csv.Append('\n');
            }
        }

        return csv.ToString();
    }
}
