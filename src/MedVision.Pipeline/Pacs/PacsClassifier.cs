using System.Security.Cryptography;
using System.Text;
using MedVision.Data.DicomWeb;
using MedVision.Imaging;
using MedVision.Imaging.Io.Dicom;
using MedVision.Pipeline.Bundles;
using MedVision.Reports.Images;

namespace MedVision.Pipeline.Pacs;

/// <summary>
/// Classifies DICOM image instances with a two-class <see cref="ModelBundle"/> and writes, for each, a secondary
/// capture (the Grad-CAM overlay in jet colours over the image, or the grey image when the bundle cannot explain)
/// and a Comprehensive SR with the result (<see cref="DicomStructuredReport"/>). Images are scored as
/// <c>medvision predict</c> scores DICOM files: the stored values of the first frame. The new instances' UIDs are
/// derived from the model's key and the source's UIDs (<see cref="DicomUid.FromName"/>), so classifying an
/// instance again with the same model writes the same instances, and storing them twice stores nothing new.
/// </summary>
public sealed class PacsClassifier
{
    /// <summary>Series Number of the overlay (secondary capture) series.</summary>
    public const int OverlaySeriesNumber = 9901;

    /// <summary>Series Number of the result (structured report) series.</summary>
    public const int ReportSeriesNumber = 9902;

    private readonly ModelBundle _bundle;
    private readonly string _modelKey;

    /// <summary>A classifier of <paramref name="bundle"/>, whose identity is <paramref name="modelKey"/> (see <see cref="ModelKey"/>).</summary>
    public PacsClassifier(ModelBundle bundle, string modelKey)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentException.ThrowIfNullOrEmpty(modelKey);
        if (bundle.IsMulticlass)
        {
            throw new ArgumentException($"model '{bundle.Manifest.Name}' tells {bundle.Manifest.ClassNames.Count} classes apart; PACS results are written for two-class models", nameof(bundle));
        }

        _bundle = bundle;
        _modelKey = modelKey;
    }

    /// <summary>SHA-256 (hex) over the names and contents of the files of a bundle folder: the same bundle gives the same key.</summary>
    public static string ModelKey(string bundleFolder)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in Directory.GetFiles(bundleFolder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(bundleFolder, file) + "\n"));
            hash.AppendData(File.ReadAllBytes(file));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Why <paramref name="file"/> is not classified (not an image, MedVision's own result, several frames), or null when it is.</summary>
    public static string? SkipReason(DicomFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var ds = file.Dataset;
        var uid = ds.GetString("SOPInstanceUID") ?? "?";
        if (ds.GetString("Manufacturer") == DicomDerivedInstance.Manufacturer)
        {
            return $"{uid}: written by MedVision";
        }

        if (ds[DicomTag.PixelData] is null)
        {
            return $"{uid}: no pixel data (SOP class {ds.GetString("SOPClassUID")})";
        }

        return ds.GetNumber("NumberOfFrames") is > 1 ? $"{uid}: {ds.GetNumber("NumberOfFrames")} frames; only single-frame images are classified" : null;
    }

    /// <summary>Classifies one single-frame image instance and builds its secondary capture and structured report.</summary>
    public InstanceClassification Classify(DicomFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var source = file.Dataset;
        var reference = DicomInstanceReference.Of(source);
        var image = file.PixelArray().ToImage();
        var score = _bundle.PredictProba([image])[0];
        var label = _bundle.Label(score);
        var calibrated = _bundle.Calibrated(score);
        var name = _bundle.Manifest.Name;

        var grey = image.ToGray();
        if (source.GetString("PhotometricInterpretation") == "MONOCHROME1")
        {
            // MONOCHROME1 shows low values white; the overlay shows it as a reader would.
            for (var i = 0; i < grey.Data.Length; i++)
            {
                grey.Data[i] = -grey.Data[i];
            }
        }

        Image picture;
        string derivation;
        if (_bundle.CanExplain)
        {
            picture = new Image(3, grey.Height, grey.Width, HeatMap.Overlay(grey.Plane(0), _bundle.GradCam(image)));
            derivation = $"Grad-CAM map of model {name} for class {_bundle.Manifest.ClassNames[1]} in jet colours, blended 50% over the min-max stretched image";
        }
        else
        {
            picture = Normalization.MinMax(grey, 0, 255);
            derivation = $"Min-max stretched image classified by model {name} (no saliency map: the model is not a whole-image CNN)";
        }

        // The new instances take the source's instance number, so overlays and reports sort as their images do.
        var number = source.GetNumber("InstanceNumber") is { } n && n is >= 1 and <= int.MaxValue ? (int)n : 1;
        var overlay = Derived(reference, number, "sc", OverlaySeriesNumber, $"MedVision overlay {name}");
        var report = Derived(reference, number, "sr", ReportSeriesNumber, $"MedVision result {name}");
        var result = new DicomClassification(name, _bundle.Manifest.ClassNames[1], label, score, _bundle.Manifest.Threshold)
        {
            Calibrated = _bundle.Manifest.Calibration is null ? null : calibrated,
        };
        var sc = DicomWriter.Encode(DicomSecondaryCapture.Create(source, picture, overlay, derivation));
        var sr = DicomWriter.Encode(DicomStructuredReport.Create(source, result, report));
        var row = new PacsResult(reference.StudyInstanceUid, reference.SeriesInstanceUid, reference.SopInstanceUid, source.GetString("PatientID"),
            source.GetString("Modality"), score, label, calibrated, overlay.SopInstanceUid, report.SopInstanceUid);
        return new InstanceClassification(row, sc, sr);
    }

    /// <summary>
    /// Retrieves a study (WADO-RS), classifies each image instance and, with <paramref name="store"/>, sends the
    /// secondary captures and reports back with one STOW-RS request; a refused instance is a <see cref="DicomWebException"/>.
    /// </summary>
    public async Task<StudyClassification> ClassifyStudyAsync(DicomWebClient client, string studyUid, bool store, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var results = new List<PacsResult>();
        var skipped = new List<string>();
        var written = new List<byte[]>();
        var instances = await client.RetrieveStudyAsync(studyUid, cancel).ConfigureAwait(false);
        for (var i = 0; i < instances.Count; i++)
        {
            cancel.ThrowIfCancellationRequested();
            var where = $"{client.Root}/studies/{studyUid} instance {i + 1}";
            try
            {
                var file = DicomFile.Parse(instances[i], where);
                if (SkipReason(file) is { } reason)
                {
                    skipped.Add(reason);
                    continue;
                }

                var done = Classify(file);
                results.Add(done.Result);
                written.Add(done.SecondaryCapture);
                written.Add(done.StructuredReport);
            }
            catch (ImageFormatException e)
            {
                skipped.Add(e.Message);
            }
        }

        var stored = 0;
        if (store && written.Count > 0)
        {
            var answer = await client.StoreAsync(written, cancel).ConfigureAwait(false);
            if (answer.Failed.Count > 0)
            {
                throw new DicomWebException($"POST {client.Root}/studies", $"the server refused {answer.Failed.Count} of {written.Count} instances: " +
                    string.Join(", ", answer.Failed.Select(f => $"{f.SopInstanceUid} (reason 0x{f.Reason:X4})")));
            }

            stored = written.Count;
        }

        // A stable order: by series, then instance.
        results.Sort((a, b) => (string.CompareOrdinal(a.SeriesInstanceUid, b.SeriesInstanceUid), string.CompareOrdinal(a.SopInstanceUid, b.SopInstanceUid)) switch
        {
            (0, var c) => c,
            (var c, _) => c,
        });
        return new StudyClassification(studyUid, results, skipped, stored);
    }

    private DicomDerivedInstance Derived(DicomInstanceReference source, int instanceNumber, string kind, int seriesNumber, string description) => new(
        DicomUid.FromName($"medvision|{_modelKey}|{source.StudyInstanceUid}|{kind}-series"),
        seriesNumber,
        description.Length > 64 ? description[..64] : description,
        DicomUid.FromName($"medvision|{_modelKey}|{source.SopInstanceUid}|{kind}"),
        instanceNumber);
}
