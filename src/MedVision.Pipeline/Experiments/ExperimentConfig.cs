using MedVision.Data;

namespace MedVision.Pipeline.Experiments;

/// <summary>
/// Everything an experiment needs, as read from a YAML file (snake_case keys) or built from command-line flags.
/// Defaults follow seeds/000: grouped stratified 5-fold cross-validation (unless the data carries its own split), seed 0.
/// </summary>
public sealed record ExperimentConfig
{
    /// <summary>
    /// Data set: a folder (class folders, optionally under Train/Val/Test; MIAS mammograms with an Info.txt), a CSV
    /// manifest or LUNA candidate list, an .npz (MedMNIST layout) or a MIAS annotation .txt. Null: the built-in phantom.
    /// </summary>
    public string? Data { get; init; }

    /// <summary>MIAS annotation file for a folder of mammograms (default: the folder's Info.txt).</summary>
    public string? Annotations { get; init; }

    /// <summary>Folder searched for the .mhd volumes of a candidate list (default: the list's folder).</summary>
    public string? Volumes { get; init; }

    /// <summary>CSV <c>id,group</c> replacing the groups of the listed samples.</summary>
    public string? Groups { get; init; }

    /// <summary>ROI extraction from MIAS mammograms.</summary>
    public MiasOptions Mias { get; init; } = new();

    /// <summary>Patches from LUNA candidate lists.</summary>
    public LunaOptions Luna { get; init; } = new();

    /// <summary>Source regions per class of the built-in phantom (used when <see cref="Data"/> is null); 3 patches each.</summary>
    public int PhantomRegionsPerClass { get; init; } = 100;

    /// <summary>Regular expression whose <c>group</c> capture names a file's group (see DatasetOptions.GroupPattern).</summary>
    public string? GroupPattern { get; init; }

    /// <summary>
    /// Binary studies: the class whose probability the models score and the metrics, threshold and curves refer to
    /// (<see cref="Experiments.PositiveClass"/>); null = the second class in sort order.
    /// </summary>
    public string? PositiveClass { get; init; }

    /// <summary>Merge exact and near-duplicate images into one group before splitting.</summary>
    public bool MergeDuplicates { get; init; } = true;

    /// <summary>Preprocessing chain applied to every image before anything else, e.g. <c>median:3,clahe:clip=0.01</c>.</summary>
    public string? Preprocess { get; init; }

    public ProtocolConfig Protocol { get; init; } = new();

    public IReadOnlyList<ModelConfig> Models { get; init; } = [new ModelConfig { Name = "seed-cnn" }, new ModelConfig { Name = "wavelet-rf" }];

    public EvaluationConfig Evaluation { get; init; } = new();

    /// <summary>Output folder.</summary>
    public string Out { get; init; } = "runs/experiment";

    /// <summary>Also write LaTeX tables.</summary>
    public bool Latex { get; init; } = true;

    /// <summary>Master seed: splits, initial weights, augmentation, bootstrap.</summary>
    public int Seed { get; init; }

    /// <summary>Worker threads; 0 = all cores.</summary>
    public int Threads { get; init; }

    /// <summary>
    /// Which model of each configured model is saved as a bundle under <c>models/&lt;name&gt;/</c>: <c>refit</c> (after
    /// cross-validation, one more fit on all images with the usual validation carve-out, as scikit-learn's
    /// <c>refit</c>), <c>fold</c> (the first fold's model, at no extra cost) or <c>none</c>. Fixed and hold-out
    /// protocols bundle their single model.
    /// </summary>
    public string Bundle { get; init; } = "refit";

    /// <summary>
    /// Keep <c>&lt;out&gt;/checkpoints/</c> after a successful run. CNN training writes a resumable checkpoint there after every
    /// epoch and a record of every finished fold, so that rerunning an interrupted command resumes it; by default the
    /// folder is removed once every output is written.
    /// </summary>
    public bool KeepCheckpoints { get; init; }
}

/// <summary>How samples are split into training and test data.</summary>
public sealed record ProtocolConfig
{
    /// <summary>
    /// <c>auto</c> (default: <c>fixed</c> when every sample has a split with train and test parts, else <c>kfold</c>;
    /// see <see cref="ProtocolChoice"/>), <c>kfold</c> (cross-validation), <c>fixed</c> (the data set's own
    /// train/val/test split) or <c>holdout</c>.
    /// </summary>
    public string Kind { get; init; } = "auto";

    /// <summary>Folds of k-fold cross-validation.</summary>
    public int Folds { get; init; } = 5;

    /// <summary>Keep each group within one fold (stratified group k-fold); false splits samples independently and can leak.</summary>
    public bool Grouped { get; init; } = true;

    /// <summary>Share of the training part held out for validation (early stopping, calibration, thresholds); also the test share of <c>holdout</c>.</summary>
    public double ValidationFraction { get; init; } = 0.2;
}

/// <summary>
/// One model: a zoo architecture trained as a CNN (<c>seed-cnn</c>, <c>resnet18</c>, …) or a feature pipeline named
/// <c>&lt;features&gt;-&lt;classifier&gt;</c> (<c>wavelet-rf</c>, <c>wavelet-svm</c>, <c>glcm-rf</c>, …).
/// Unset values take the model kind's defaults.
/// </summary>
public sealed record ModelConfig
{
    public string Name { get; init; } = "";

    // CNN training.
    public int? Epochs { get; init; }

    public int? BatchSize { get; init; }

    public double? LearningRate { get; init; }

    public string? Optimizer { get; init; }

    /// <summary>
    /// On-the-fly training augmentation: <c>true</c> (the <see cref="AugmentPreset"/>), a named list (<c>keras</c>,
    /// <c>dihedral</c>) or a list of transforms applied in order with their probabilities (see
    /// <see cref="Training.AugmentationList"/>); null (<c>false</c>) for none.
    /// </summary>
    public Training.AugmentConfig? Augment { get; init; }

    /// <summary>Which augmentation <c>augment: true</c> applies: <c>keras</c> (the seeds/000 ImageDataGenerator preset, default) or <c>dihedral</c> (the eight flips and quarter turns).</summary>
    public string? AugmentPreset { get; init; }

    /// <summary>Stop when validation loss has not improved for this many epochs; 0 disables early stopping.</summary>
    public int? Patience { get; init; }

    /// <summary>Square input size for the network (images are resized); null keeps the data's size.</summary>
    public int? InputSize { get; init; }

    /// <summary>
    /// Per-channel mean subtracted from the scaled input (torchvision's <c>transforms.Normalize</c>, e.g. the ImageNet
    /// mean for weights trained on it); set with <see cref="InputStd"/>. Recorded in the bundle's <c>input</c>.
    /// </summary>
    public IReadOnlyList<float>? InputMean { get; init; }

    /// <summary>Per-channel standard deviation the input is divided by after <see cref="InputMean"/> is subtracted.</summary>
    public IReadOnlyList<float>? InputStd { get; init; }

    /// <summary>Learning-rate schedule, stepped per batch: <c>constant</c> (default), <c>onecycle</c>, <c>cosine</c>, <c>step</c> or <c>multistep</c>.</summary>
    public string? Schedule { get; init; }

    /// <summary>Epochs between the ×<see cref="Gamma"/> decays of the <c>step</c> schedule (default a third of the epochs).</summary>
    public int? StepEpochs { get; init; }

    /// <summary>Epochs (of the phase) at which the <c>multistep</c> schedule multiplies the rate by <see cref="Gamma"/> (default half and three quarters of the epochs).</summary>
    public IReadOnlyList<int>? Milestones { get; init; }

    /// <summary>Decay factor of the <c>step</c> and <c>multistep</c> schedules (default 0.1).</summary>
    public double? Gamma { get; init; }

    /// <summary>What picks the best epoch and drives early stopping: <c>loss</c> (lowest validation loss, default) or <c>auc</c> (highest validation AUC).</summary>
    public string? Monitor { get; init; }

    /// <summary>How the zoo network's initial weights are drawn: <c>reference</c> (default) or <c>layer-defaults</c> (<see cref="Nn.Zoo.ZooInit"/>).</summary>
    public string? Init { get; init; }

    /// <summary>Run the learning-rate finder first and train at its suggestion.</summary>
    public bool LrFind { get; init; }

    /// <summary>Epochs training only the head (last linear layer) before unfreezing (fastai <c>fine_tune</c>'s <c>freeze_epochs</c>).</summary>
    public int? FreezeEpochs { get; init; }

    /// <summary>Discriminative rates: the first layer group trains at <c>learning_rate / lr_ratio</c>, the head at <c>learning_rate</c>.</summary>
    public double? LrRatio { get; init; }

    /// <summary>
    /// Weights to start from (safetensors or PyTorch <c>.pth</c> with torchvision names); the first convolution is adapted to
    /// the input channels and a head of another shape is replaced. Relative to the config file.
    /// </summary>
    public string? Weights { get; init; }

    /// <summary>
    /// Named pretrained weights found on this machine instead of a path: <c>imagenet-resnet18</c> is the ImageNet
    /// ResNet-18 of the NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18 (in the NuGet cache), imported from its
    /// ONNX file, for the architectures <c>resnet18-imagenet</c> (input normalisation built in) and <c>resnet18-mlnet</c>.
    /// Excludes <see cref="Weights"/>.
    /// </summary>
    public string? Pretrained { get; init; }

    /// <summary>Clip the gradients' global L2 norm to this value; unset or 0 = no clipping.</summary>
    public double? ClipGradNorm { get; init; }

    /// <summary>
    /// Weight the classes in the loss: binary, the positive class by negatives/positives; K classes, class k by
    /// n / (K·n_k) (scikit-learn's <c>compute_class_weight('balanced')</c>).
    /// </summary>
    public bool BalanceClasses { get; init; }

    /// <summary>Label smoothing ε of the K-class cross-entropy (three or more classes only), in [0, 1); unset = 0.</summary>
    public double? LabelSmoothing { get; init; }

    /// <summary><c>shuffle</c> (default) or <c>balanced</c> (class-balanced draws with replacement).</summary>
    public string? Sampling { get; init; }

    // Patch training (seeds/002); a CNN trains on patches when patch_size is set.

    /// <summary>Train on random square patches of this side and score each image by the vote of its patches; null trains on whole images.</summary>
    public int? PatchSize { get; init; }

    /// <summary>Seeded patches that score each validation and test image (default 25).</summary>
    public int? PatchesPerImage { get; init; }

    /// <summary>Fresh random patches drawn from each training image every epoch (default 1).</summary>
    public int? TrainPatches { get; init; }

    /// <summary>Draw more training patches from images of the smaller classes, so that each class gives as many per epoch.</summary>
    public bool BalancePatches { get; init; }

    /// <summary>How the patches of one image are combined: <c>majority</c> (default), <c>mean</c> or <c>max</c>.</summary>
    public string? Vote { get; init; }

    /// <summary>
    /// Test-time augmentation of each scoring patch: <c>dihedral</c> scores a patch by the mean probability of its
    /// eight flips and quarter turns before the vote; null scores the patch as it is.
    /// </summary>
    public string? TestAugment { get; init; }

    // Feature pipelines.

    /// <summary>
    /// Classifier hyperparameters by their scikit-learn names, e.g. <c>{n_estimators: 500}</c> for <c>wavelet-rf</c>;
    /// unset ones keep the classifier table's settings (scikit-learn's defaults).
    /// </summary>
    public IReadOnlyDictionary<string, string>? Params { get; init; }

    // Deep-feature pipelines (<c>imagenet-&lt;classifier&gt;</c>).

    /// <summary>
    /// Candidate sets of pooled blocks of the frozen network, each a <c>+</c>-joined list (<c>layer4</c>,
    /// <c>layer1+layer2+layer3+layer4</c>); with more than one (or with <see cref="CGrid"/>), validation chooses. Default <c>layer4</c>.
    /// </summary>
    public IReadOnlyList<string>? FeatureLayers { get; init; }

    /// <summary>Candidate values of the classifier's C, chosen on the validation images (image-wise accuracy, then log-loss).</summary>
    public IReadOnlyList<double>? CGrid { get; init; }

    /// <summary>Square size each patch is resized to before the frozen network (ImageNet weights expect objects at about 224²); unset feeds it as cut.</summary>
    public int? NetworkSize { get; init; }

    public string? Wavelet { get; init; }

    public int? Level { get; init; }

    /// <summary>Detail levels kept, as <c>2-4</c>.</summary>
    public string? Levels { get; init; }
}

/// <summary>What is computed from the predictions.</summary>
public sealed record EvaluationConfig
{
    /// <summary>Bootstrap resamples for confidence intervals.</summary>
    public int Bootstrap { get; init; } = 1000;

    /// <summary>Confidence level of every interval.</summary>
    public double Confidence { get; init; } = 0.95;

    /// <summary>Decision threshold on the probability of the positive class (unless <see cref="ThresholdRule"/> chooses one).</summary>
    public double Threshold { get; init; } = 0.5;

    /// <summary>
    /// Choose each fold's threshold on its validation predictions by this rule — <c>youden</c>, <c>target_sensitivity</c>
    /// (at <see cref="TargetSensitivity"/>) or <c>best_accuracy</c> — and report the test metrics at it
    /// (<see cref="ValidationThreshold"/>); null uses <see cref="Threshold"/>. Feature pipelines then fit on the training
    /// images only, so that their validation images are unseen; the test-chosen operating point is not reported.
    /// </summary>
    public string? ThresholdRule { get; init; }

    /// <summary>Also report the operating point at this sensitivity.</summary>
    public double? TargetSensitivity { get; init; } = 0.9;
}
