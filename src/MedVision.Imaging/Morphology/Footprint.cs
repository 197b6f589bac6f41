namespace MedVision.Imaging;

/// <summary>
/// A structuring element: a <see cref="Height"/> × <see cref="Width"/> boolean grid whose origin is at
/// (Height/2, Width/2), as <c>scipy.ndimage</c> places it. Shapes as <c>skimage.morphology</c>.
/// </summary>
public sealed class Footprint
{
    private Footprint(int height, int width, bool[] data)
    {
        Height = height;
        Width = width;
        Data = data;
    }

    public int Height { get; }

    public int Width { get; }

    /// <summary>Row-major cells.</summary>
    public IReadOnlyList<bool> Data { get; }

    /// <summary><c>skimage.morphology.disk(radius)</c>: cells with x² + y² ≤ r² in a (2r+1)² grid.</summary>
    public static Footprint Disk(int radius)
    {
        Guard.AtLeast(radius, 0, nameof(radius));
        var side = (2 * radius) + 1;
        var data = new bool[side * side];
        for (var y = -radius; y <= radius; y++)
        {
            for (var x = -radius; x <= radius; x++)
            {
                data[((y + radius) * side) + x + radius] = (x * x) + (y * y) <= radius * radius;
            }
        }

        return new Footprint(side, side, data);
    }

    /// <summary><c>skimage.morphology.square(width)</c>: all cells of a width × width grid.</summary>
    public static Footprint Square(int width) => Rectangle(width, width);

    /// <summary><c>skimage.morphology.rectangle(height, width)</c>: all cells.</summary>
    public static Footprint Rectangle(int height, int width)
    {
        Guard.AtLeast(height, 1, nameof(height));
        Guard.AtLeast(width, 1, nameof(width));
        var data = new bool[height * width];
        Array.Fill(data, true);
        return new Footprint(height, width, data);
    }

    /// <summary>Any boolean grid (origin at its centre cell, rounded down-right for even sides).</summary>
    public static Footprint FromCells(int height, int width, bool[] cells)
    {
        Guard.AtLeast(height, 1, nameof(height));
        Guard.AtLeast(width, 1, nameof(width));
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Length != height * width)
        {
            throw new ArgumentException($"cells must hold {height}×{width} values, got {cells.Length}", nameof(cells));
        }

        return new Footprint(height, width, (bool[])cells.Clone());
    }

    /// <summary>The horizontal runs of true cells: (row offset from origin, first column offset, last column offset).</summary>
    internal List<(int Dy, int X0, int X1)> Runs()
    {
        var runs = new List<(int, int, int)>();
        for (var y = 0; y < Height; y++)
        {
            var x = 0;
            while (x < Width)
            {
                if (!Data[(y * Width) + x])
                {
                    x++;
                    continue;
                }

                var start = x;
                while (x < Width && Data[(y * Width) + x])
                {
                    x++;
                }

                runs.Add((y - (Height / 2), start - (Width / 2), x - 1 - (Width / 2)));
            }
        }

        return runs;
    }
}
