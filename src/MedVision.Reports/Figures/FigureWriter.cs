using System.Text;
using MedVision.Reports.Svg;
using SkiaSharp;
using Svg.Skia;

namespace MedVision.Reports.Figures;

/// <summary>
/// Writes charts as files a paper or slide can take: <c>&lt;name&gt;.svg</c> (a standalone SVG document on a white
/// background, the same drawing the HTML report embeds) and <c>&lt;name&gt;.png</c> (that SVG rendered by Skia at
/// <see cref="FigureWriteOptions.Scale"/> × its size). Each file is written to a temporary name and renamed.
/// The PNGs need SkiaSharp's native library and a sans-serif font; where either is missing the SVGs are still written
/// and <see cref="FigureWriteResult.Warning"/> says why the PNGs are not.
/// </summary>
public static class FigureWriter
{
    /// <summary>Writes <paramref name="figures"/> into <paramref name="folder"/> with the default options.</summary>
    public static FigureWriteResult Write(string folder, IEnumerable<Figure> figures) => Write(folder, figures, new FigureWriteOptions());

    /// <summary>Writes <paramref name="figures"/> into <paramref name="folder"/> (created if needed).</summary>
    public static FigureWriteResult Write(string folder, IEnumerable<Figure> figures, FigureWriteOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Scale, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Scale, 8);
        Directory.CreateDirectory(folder);
        var files = new List<string>();
        var warning = options.Png ? PngUnavailableReason() : null;
        foreach (var figure in figures)
        {
            if (figure.Name.Length == 0 || figure.Name != Figure.Slug(figure.Name))
            {
                throw new ArgumentException($"figure name '{figure.Name}' is not a file-name slug", nameof(figures));
            }

            var svg = Standalone(figure.Svg);
            Put(Path.Combine(folder, figure.Name + ".svg"), Encoding.UTF8.GetBytes(svg));
            files.Add(figure.Name + ".svg");
            if (options.Png && warning is null)
            {
                Put(Path.Combine(folder, figure.Name + ".png"), RenderPng(svg, options.Scale, figure.Name));
                files.Add(figure.Name + ".png");
            }
        }

        return new FigureWriteResult(files, warning);
    }

    /// <summary>
    /// <paramref name="svg"/> (an <c>&lt;svg&gt;</c> element) as a standalone document: XML declaration and a white
    /// background, since an SVG file opened alone shows whatever lies behind a transparent canvas.
    /// </summary>
    public static string Standalone(string svg)
    {
        if (!svg.StartsWith("<svg", StringComparison.Ordinal))
        {
            throw new ArgumentException("a figure must be an <svg> element", nameof(svg));
        }

        var open = svg.IndexOf('>', StringComparison.Ordinal) + 1;
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svg[..open] + "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>" + svg[open..] + "\n";
    }

    /// <summary>The PNG encoding of the standalone <paramref name="svg"/> drawn at <paramref name="scale"/> × its size.</summary>
    public static byte[] RenderPng(string svg, double scale, string name = "figure")
    {
        using var document = new SKSvg();
        using var picture = document.FromSvg(svg) ?? throw new ArgumentException($"figure '{name}': the SVG could not be parsed for rendering", nameof(svg));
        var bounds = picture.CullRect;
        var width = (int)Math.Ceiling(bounds.Width * scale);
        var height = (int)Math.Ceiling(bounds.Height * scale);
        if (width <= 0 || height <= 0 || (long)width * height > 64L << 20)
        {
            throw new ArgumentException($"figure '{name}': {bounds.Width}×{bounds.Height} at scale {scale} is not a drawable size", nameof(svg));
        }

        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.White);
            canvas.Scale((float)scale);
            canvas.DrawPicture(picture);
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    /// <summary>Why PNGs cannot be rendered here, or null when they can: checked once per process.</summary>
    public static string? PngUnavailableReason() => LazyReason.Value;

    private static readonly Lazy<string?> LazyReason = new(() =>
    {
        try
        {
            return SKFontManager.Default.FontFamilyCount > 0 ? null : "PNG figures skipped: no font was found for the chart text (install a TrueType sans-serif font such as fonts-dejavu-core); the SVG figures are complete";
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or BadImageFormatException or EntryPointNotFoundException)
        {
            return $"PNG figures skipped: SkiaSharp's native library could not be loaded on this system ({e.GetType().Name}); the SVG figures are complete";
        }
    });

    private static void Put(string path, byte[] bytes)
    {
        File.WriteAllBytes(path + ".tmp", bytes);
        File.Move(path + ".tmp", path, overwrite: true);
    }
}
