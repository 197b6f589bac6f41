namespace MedVision.Nn.Weights;

/// <summary>A global that a state-dict pickle may name (<c>module.name</c>), never resolved to code.</summary>
internal sealed record PickleGlobal(string Module, string Name)
{
    public override string ToString() => $"{Module}.{Name}";
}

/// <summary>A pickled <c>dict</c>/<c>OrderedDict</c>: key/value pairs in insertion order.</summary>
internal sealed class PickleDict
{
    public List<KeyValuePair<object?, object?>> Items { get; } = [];

    public void Set(object? key, object? value)
    {
        for (var i = 0; i < Items.Count; i++)
        {
            if (Equals(Items[i].Key, key))
            {
                Items[i] = new(key, value);
                return;
            }
        }

        Items.Add(new(key, value));
    }
}

/// <summary>A storage named by a persistent id: its element type, archive key and element count.</summary>
internal sealed record StorageRef(string Key, StorageDtype Dtype, long Numel);

/// <summary>A tensor view rebuilt by <c>torch._utils._rebuild_tensor_v2</c>: storage, element offset, size, stride.</summary>
internal sealed record TensorRef(StorageRef Storage, long Offset, long[] Size, long[] Stride);

/// <summary>Element types of <c>torch.*Storage</c> classes.</summary>
internal enum StorageDtype
{
    Float32,
    Float64,
    Float16,
    BFloat16,
    Int64,
    Int32,
    Int16,
    Int8,
    UInt8,
    Bool,
}
