using System.CommandLine;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text.Json;
using Spectre.Console;

namespace MedVision.Cli.Verbs;

/// <summary><c>medvision info</c>: version, runtime, cores and the SIMD width the kernels can use.</summary>
internal static class InfoVerb
{
    public static Command Create(CliContext context)
    {
        var json = new Option<bool>("--json") { Description = "Write the facts as one JSON object" };
        var command = new Command("info", "Show version, runtime, processor and SIMD support") { json };
        command.SetAction(parse =>
        {
            var facts = new (string Key, string Value)[]
            {
                ("version", CliApp.Version),
                ("runtime", RuntimeInformation.FrameworkDescription),
                ("os", RuntimeInformation.OSDescription),
                ("architecture", RuntimeInformation.ProcessArchitecture.ToString()),
                ("cores", Environment.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ("vector256", Vector256.IsHardwareAccelerated ? "yes" : "no"),
                ("vector512", Vector512.IsHardwareAccelerated ? "yes" : "no"),
                ("fma", System.Runtime.Intrinsics.X86.Fma.IsSupported ? "yes" : "no"),
            };
            if (parse.GetValue(json))
            {
                context.StdOut.WriteLine(JsonSerializer.Serialize(facts.ToDictionary(f => f.Key, f => f.Value)));
                return ExitCodes.Success;
            }

            var table = new Table().AddColumn("fact").AddColumn("value");
            foreach (var (key, value) in facts)
            {
                table.AddRow(Markup.Escape(key), Markup.Escape(value));
            }

            context.Out.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }
}
