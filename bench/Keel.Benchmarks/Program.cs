using System.Globalization;
using BenchmarkDotNet.Running;
using Keel.Benchmarks;

switch (args)
{
    case ["gbdt-compare", var data, var dataset, ..]:
        GbdtComparison.Run(data, dataset, args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 1);
        return;
    case ["linear-compare", var prepared, var dataset, ..]:
        LinearComparison.Run(prepared, dataset, args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 1);
        return;
    case ["drift-compare", var reference, var current, ..]:
        DriftComparison.Run(reference, current, args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 3, args.Length > 4 ? args[4] : "c04");
        return;
    case ["gen-wide", var output, var rows, var columns, var seed, ..]:
        WideCsvGenerator.Run(output, long.Parse(rows, CultureInfo.InvariantCulture), int.Parse(columns, CultureInfo.InvariantCulture),
            int.Parse(seed, CultureInfo.InvariantCulture), args.Length > 5 ? double.Parse(args[5], CultureInfo.InvariantCulture) : 0);
        return;
    case ["drift-split", var reference, var current, ..]:
        DriftSplits.Run(reference, current, args.Length > 3 ? args[3] : "c00");
        return;
    case ["scoring-batches", var model, var csv, ..]:
        ScoringBatchComparison.Run(model, csv, args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 4096);
        return;
    default:
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return;
}
