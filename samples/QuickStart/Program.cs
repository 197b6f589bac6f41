using MedVision.Data.Synthetic;
using MedVision.Imaging.Io;
using MedVision.Pipeline.Classifier;

// QuickStart [FOLDER [MODEL]]: trains a CNN on a folder of class folders (FOLDER/<class>/*.png) and predicts a few of
// its images. Without a folder it writes a small synthetic set first (phantom patches: normal vs microcalcification).
var folder = args.Length > 0 ? args[0] : MicrocalcificationPhantom.WriteFolder(
    Path.Combine(Path.GetTempPath(), "medvision-quickstart"), new PhantomOptions { RegionsPerClass = 100, PatchesPerRegion = 1 });
var model = args.Length > 1 ? args[1] : "seed-cnn"; // or patch-cnn, resnet18, wavelet-rf, glcm-svm, … (medvision model list)

var bundle = ImageClassifier.Fit(folder, model, new ClassifierOptions
{
    Epochs = 25,
    BatchSize = 16,
    Progress = e => Console.WriteLine($"epoch {e.Epoch}/{e.Epochs}: loss {e.TrainLoss:0.000}, validation accuracy {e.ValidationAccuracy:0.00}"),
});

string[] files = [.. Directory.GetDirectories(folder).Order().SelectMany(d => Directory.GetFiles(d).Order().Take(3))];
foreach (var (file, p) in files.Zip(bundle.Predict([.. files.Select(ImageFile.Read)])))
{
    Console.WriteLine($"{Path.GetRelativePath(folder, file)}: {p.Label} (p = {p.Probability:0.00}, calibrated {p.CalibratedProbability:0.00})");
}

bundle.Save(Path.Combine(Path.GetTempPath(), "medvision-quickstart-model")); // load it with ModelBundle.Load, or `medvision predict`
