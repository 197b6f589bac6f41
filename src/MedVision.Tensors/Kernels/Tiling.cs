namespace MedVision.Tensors.Kernels;

/// <summary>Micro-tile (MR×NR) and cache blocking (KCMax, MC) of one SGEMM micro-kernel.</summary>
internal readonly record struct Tiling(int MR, int NR, int KCMax, int MC);
